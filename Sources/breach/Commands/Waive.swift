import ArgumentParser
import BreachKit

struct Waive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waive",
        abstract: "Mark an obligation as not required, with the written rationale.",
        discussion: HelpText.discussion("""
            Records the rationale and who waived it. A waiver after the due time
            does not undo the miss in the SLA report.
            """, examples: ["breach waive INC-4 notify-subjects \\\n      --reason \"legal: encrypted data, low risk (Art. 34(3)(a))\""])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "Obligation id (see `breach show`).", completion: Completions.obligation) var obligation: String
    @Option(help: "The rationale (required).") var reason: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .waive(obligationID: obligation, reason: reason) }) {
            "\($0.id): \(obligation) waived"
        }
    }
}

import ArgumentParser
import BreachKit

struct Close: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close an incident; refused while any obligation is neither met nor waived.",
        discussion: HelpText.discussion("""
            Refused (67), naming them, while obligations are open: notify or waive
            them first.
            """, examples: ["breach close INC-4 --resolution \"keys rotated, bucket private\""])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: "How it was resolved (required).") var resolution: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .close(resolution: resolution) }) { "\($0.id) is closed" }
    }
}

import ArgumentParser
import BreachKit

struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen a closed incident at a stage.",
        discussion: HelpText.discussion("Closed incidents only; the incident resumes in the --to stage.",
                                        examples: ["breach reopen INC-4 --to diagnose --reason \"second exfiltration path found\""])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: ArgumentHelp("The stage to reopen at.", valueName: "stage"), completion: Completions.openStage) var to: Stage
    @Option(help: "Why (required).") var reason: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .reopen(to: to, reason: reason) }) {
            "\($0.id) is reopened in \($0.stage.rawValue)"
        }
    }
}

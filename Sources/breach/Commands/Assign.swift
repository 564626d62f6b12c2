import ArgumentParser
import BreachKit

struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Set the incident manager.",
        discussion: HelpText.discussion(examples: ["breach assign INC-4 alice"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "User name.") var user: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .assign(user) }) { "\($0.id) is assigned to \($0.assignee ?? "")" }
    }
}

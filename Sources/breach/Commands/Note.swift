import ArgumentParser
import BreachKit

struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a note to an incident.",
        discussion: HelpText.discussion("Up to 64 KiB; allowed on closed incidents too.",
                                        examples: ["breach note INC-4 \"rotated the leaked keys\""])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "The note.") var text: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .note(text) }) { "\($0.id): note added" }
    }
}

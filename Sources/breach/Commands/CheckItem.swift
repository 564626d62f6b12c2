import ArgumentParser
import BreachKit

struct CheckItem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-item",
        abstract: "Mark a playbook checklist item done.",
        discussion: HelpText.discussion("""
            Item ids are in `breach show` and `breach playbook show`. Required items
            of a stage must be checked before `breach advance` leaves it.
            """, examples: ["breach check-item INC-4 scope-confirmed"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "Checklist item id (see `breach show`).") var item: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .checkItem(item) }) { "\($0.id): checked \(item)" }
    }
}

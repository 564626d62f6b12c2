import ArgumentParser
import BreachKit

extension PlaybookCommand {
    struct ListPlaybooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the available playbooks.",
            discussion: HelpText.discussion("Files that fail to load are named in warnings on stderr.",
                                            examples: ["breach playbook list", "breach playbook list --json"])
        )
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let catalog = try CommandContext(global).playbooks()
            if global.json { Printer.json(.array(catalog.all.map(PlaybookCommand.document))); return }
            print(TextTable.render(header: ["ID", "OBLIGATIONS", "TITLE"], rows: catalog.all.map { [$0.id, String($0.obligations.count), $0.title] }))
            for error in catalog.errors { StandardError.write("warning: \(error)") }
        }
    }
}

import ArgumentParser
import BreachKit

extension PlaybookCommand {
    struct ListPlaybooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the available playbooks.",
            discussion: HelpText.discussion("Files that fail to load are named in warnings on stderr.",
                                            examples: ["breach playbook list", "breach playbook list --json",
                                                       "breach playbook list --regimes --format md > docs/regimes.md"])
        )
        @Flag(help: "Only the regime playbooks (those with regime:), with every obligation's timing, condition and source.") var regimes = false
        @Option(help: ArgumentHelp("With --regimes: md, the Markdown table docs/regimes.md is generated with.", valueName: "format")) var format: RegimeListFormat?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if format != nil, !regimes { throw ValidationError("--format md lists the regimes; add --regimes") }
        }

        func run() throws {
            let catalog = try CommandContext(global).playbooks()
            if regimes {
                for error in catalog.errors { StandardError.write("warning: \(error)") }
                if global.json {
                    Printer.json(.array(catalog.all.filter { $0.regime != nil }.map(PlaybookCommand.document)))
                } else {
                    print(RegimeTable.markdown(catalog.all), terminator: "")
                }
                return
            }
            if global.json { Printer.json(.array(catalog.all.map(PlaybookCommand.document))); return }
            print(TextTable.render(header: ["ID", "OBLIGATIONS", "TITLE"], rows: catalog.all.map { [$0.id, String($0.obligations.count), $0.title] }))
            for error in catalog.errors { StandardError.write("warning: \(error)") }
        }
    }
}

/// How `playbook list --regimes` prints.
enum RegimeListFormat: String, ExpressibleByArgument, CaseIterable {
    case md
}

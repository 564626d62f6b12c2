import ArgumentParser
import BreachKit

extension TokenCommand {
    struct ListTokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the tokens in force: name, scope, created (never the token).",
            discussion: HelpText.discussion(examples: ["breach token list", "breach token list --json"])
        )
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let tokens = try TokenCommand.registry(context, creating: false).list()
            if global.json {
                Printer.json(.array(tokens.map { .object([("name", .string($0.name)), ("scope", .string($0.scope.rawValue)),
                                                          ("created_at", .time($0.createdAt))]) }))
                return
            }
            if tokens.isEmpty { StandardError.write("no tokens; create one with `breach token create NAME --scope read`"); return }
            print(TextTable.render(header: ["NAME", "SCOPE", "CREATED"], rows: tokens.map {
                [$0.name, $0.scope.rawValue, context.times.string($0.createdAt)]
            }))
        }
    }
}

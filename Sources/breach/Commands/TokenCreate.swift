import ArgumentParser
import BreachKit

extension TokenCommand {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create an API token and print it once.",
            discussion: HelpText.discussion("""
                The token goes to stdout alone (pipe it into a secret store); a reminder that
                it is shown only once goes to stderr. The actor of what the token writes is
                token:NAME.
                """, examples: ["breach token create alertmanager --scope intake",
                                "breach token create compliance --scope read --json"],
                exitStatuses: [(ExitStatus.refused, "a token with this name exists (revoke it first)")])
        )
        @Argument(help: "A name: letters, digits, '-', '_', '.' (up to 64).") var name: String
        @Option(help: ArgumentHelp("What the token may do: read, intake or write.", valueName: "scope")) var scope: TokenScope
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let created = try TokenCommand.registry(context).create(name: name, scope: scope)
            if global.json {
                Printer.json(.object([("name", .string(created.token.name)), ("scope", .string(created.token.scope.rawValue)),
                                      ("token", .string(created.secret)), ("created_at", .time(created.token.createdAt))]))
            } else {
                print(created.secret)
            }
            StandardError.write("token \(created.token.name) (scope \(created.token.scope.rawValue)) created; it is shown only this once")
        }
    }
}

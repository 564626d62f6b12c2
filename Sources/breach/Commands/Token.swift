import ArgumentParser
import BreachKit

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "API tokens for `breach serve`: create, list, revoke.",
        discussion: HelpText.discussion("""
            Scopes: read (incidents, reports, the dashboard), intake (POST alerts),
            write (both). Only a token's SHA-256 is stored; the token is printed once,
            at creation. Creating and revoking are events in the log (actor recorded).
            """, examples: [
                "breach token create grafana --scope intake",
                "breach token list",
                "breach token revoke grafana",
            ]),
        subcommands: [Create.self, ListTokens.self, Revoke.self]
    )

    static func registry(_ context: CommandContext, creating: Bool = true) throws -> TokenRegistry {
        let service = try context.service(creating: creating)
        // The service's actor: on PostgreSQL the login role, which the database records itself.
        return TokenRegistry(store: service.store, clock: context.clock, actor: service.actor)
    }
}

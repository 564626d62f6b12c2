import ArgumentParser
import BreachKit

extension ContactCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a contact (its history stays in the log).",
            discussion: HelpText.discussion("Notifications already queued for it are kept.",
                                            examples: ["breach contact remove acme-admin --reason \"left Acme\""])
        )
        @Argument(help: "Contact id.", completion: Completions.contact) var id: String
        @Option(help: "Why.") var reason: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            try ContactCommand.registry(context, creating: false).remove(id, reason: reason)
            print("removed contact \(id)")
        }
    }
}

import ArgumentParser
import BreachKit

extension ContactCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a contact (its history stays in the log).",
            discussion: HelpText.discussion("""
                Its pending (queued or retrying) notifications are cancelled, each with a
                notification.cancelled event; `breach show` then lists who is left to notify.
                """,
                                            examples: ["breach contact remove acme-admin --reason \"left Acme\""])
        )
        @Argument(help: "Contact id.", completion: Completions.contact) var id: String
        @Option(help: "Why.") var reason: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let cancelled = try ContactCommand.registry(context, creating: false).remove(id, reason: reason)
            print("removed contact \(id)")
            for item in cancelled { print("cancelled \(item.notificationID) (\(item.incidentID))") }
        }
    }
}

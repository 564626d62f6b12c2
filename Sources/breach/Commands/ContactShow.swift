import ArgumentParser
import BreachKit

extension ContactCommand {
    struct ShowContact: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one contact: role, tags, email, webhook.",
            discussion: HelpText.discussion(examples: ["breach contact show cnil", "breach contact show acme-hook --json"])
        )
        @Argument(help: "Contact id.", completion: Completions.contact) var id: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let contact = try ContactCommand.registry(context, creating: false).contact(id)
            if global.json { Printer.json(ContactCommand.document(contact)); return }
            var lines = ["\(contact.id)  \(contact.name)", "  role:    \(contact.role)"]
            if !contact.tags.isEmpty { lines.append("  tags:    \(contact.tags.joined(separator: " "))") }
            if let email = contact.email { lines.append("  email:   \(email)") }
            if let webhook = contact.webhookURL {
                lines.append("  webhook: \(webhook) (\(contact.webhookFormat.rawValue)" + (contact.webhookSecretRef.map { ", signed with \($0)" } ?? "") + ")")
            }
            print(lines.joined(separator: "\n"))
        }
    }
}

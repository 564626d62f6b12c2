import ArgumentParser
import BreachKit
import Foundation

struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "The contact registry: who can be notified, and how.",
        discussion: HelpText.discussion("""
            Contacts have a role, tags and channels (email, webhook). Playbook
            obligations address them by role and tag; `breach affect` links them.
            """, examples: [
                "breach contact import contacts.csv",
                "breach contact list --role authority",
            ]),
        subcommands: [Add.self, ListContacts.self, ShowContact.self, Remove.self, Import.self]
    )

    static func document(_ contact: Contact) -> JSONValue {
        .object([("id", .string(contact.id)), ("name", .string(contact.name)), ("role", .string(contact.role)),
                 ("tags", .array(contact.tags.map(JSONValue.string))), ("email", .optional(contact.email)),
                 ("webhook_url", .optional(contact.webhookURL)), ("webhook_secret", .optional(contact.webhookSecretRef)),
                 ("webhook_format", .string(contact.webhookFormat.rawValue)), ("ca_bundle", .optional(contact.caBundle))])
    }

    static func registry(_ context: CommandContext, creating: Bool = true) throws -> ContactRegistry {
        let service = try context.service(creating: creating)
        return ContactRegistry(store: service.store, clock: context.clock, actor: service.actor)
    }
}

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
        return ContactRegistry(database: service.database, clock: context.clock, actor: context.actor)
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a contact.",
            discussion: HelpText.discussion("""
                At least one channel (--email or --webhook). Webhook secrets are named,
                never stored: env:VAR or file:/path.
                """, examples: [
                    "breach contact add cnil --name CNIL --role authority \\\n      --tag jurisdiction:fr --email notifications@cnil.example",
                    "breach contact add acme-hook --name \"Acme SOC\" --role customer-admin \\\n      --tag customer:acme --webhook https://soc.acme.example/breach \\\n      --webhook-secret env:ACME_HOOK_SECRET",
                ])
        )
        @Argument(help: "Contact id, e.g. acme-admin.") var id: String
        @Option(help: "Display name.") var name: String
        @Option(help: "Role: customer-admin, authority, data-subject, escalation, legal, …") var role: String
        @Option(name: .customLong("tag"), help: "A tag such as customer:acme (repeatable).") var tags: [String] = []
        @Option(help: "Email address.") var email: String?
        @Option(help: "Webhook URL (https, or http to loopback).") var webhook: String?
        @Option(name: .customLong("webhook-secret"), help: "Where the HMAC secret is: env:VAR or file:/path.") var webhookSecret: String?
        @Option(name: .customLong("webhook-format"), help: "generic or slack.") var webhookFormat: String = "generic"
        @Option(name: .customLong("ca-bundle"), help: "A CA bundle (PEM) to trust for this webhook.") var caBundle: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            guard let format = Contact.WebhookFormat(rawValue: webhookFormat) else {
                throw BreachError.invalidInput("--webhook-format '\(TextRules.printable(webhookFormat))' is not generic or slack")
            }
            let contact = Contact(id: id, name: name, role: role, tags: tags, email: email, webhookURL: webhook,
                                  webhookSecretRef: webhookSecret, webhookFormat: format, caBundle: caBundle)
            let validated = try ContactValidation.validated(contact)
            let added = try ContactCommand.registry(context).add([validated])
            if global.json { Printer.json(ContactCommand.document(added[0])) } else { print("added contact \(added[0].id)") }
        }
    }

    struct ListContacts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List contacts as a table: id, role, name, channels, tags.",
            discussion: HelpText.discussion(examples: ["breach contact list --role authority", "breach contact list --tag customer:acme --json"])
        )
        @Option(help: "Only this role.") var role: String?
        @Option(help: "Only contacts with this tag.") var tag: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let contacts = try ContactCommand.registry(context, creating: false).list(role: role, tag: tag)
            if global.json { Printer.json(.array(contacts.map(ContactCommand.document))); return }
            if contacts.isEmpty { StandardError.write("no contacts match"); return }
            print(TextTable.render(header: ["ID", "ROLE", "NAME", "CHANNELS", "TAGS"], rows: contacts.map {
                [$0.id, $0.role, $0.name, $0.channels.map(\.rawValue).joined(separator: ","), $0.tags.joined(separator: " ")]
            }))
        }
    }

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

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import contacts from CSV: every row valid, or nothing imported.",
            discussion: HelpText.discussion("""
                Header row: \(ContactCSVImport.columns.joined(separator: ","))
                id, name and role are required; tags are separated by ';'.
                """, examples: ["breach contact import Fixtures/demo/contacts.csv"], exitStatuses: [
                    (ExitStatus.invalidFile, "the file cannot be read or a row is invalid (nothing imported)"),
                    (ExitStatus.refused, "a contact id already exists (nothing imported)"),
                ])
        )
        @Argument(help: "CSV file.", completion: .file(extensions: ["csv"])) var file: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let added = try ProgressLine.run("importing contacts from \(file)") { progress in
                let contacts = try ContactCSVImport.parse(path: file)
                progress.update("\(contacts.count) rows read")
                return try ContactCommand.registry(context).add(contacts)
            }
            if global.json { Printer.json(.array(added.map(ContactCommand.document))) } else { print("imported \(added.count) contacts") }
        }
    }
}

struct Affect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "affect",
        abstract: "Link affected contacts (customers, authorities, subjects) to an incident.",
        discussion: HelpText.discussion("""
            Obligations addressed to the affected audience notify these contacts.
            """, examples: ["breach affect INC-4 --tag customer:acme", "breach affect INC-4 --contact cnil --contact acme-admin"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(name: .customLong("contact"), help: "Contact id (repeatable).", completion: Completions.contact) var contacts: [String] = []
    @Option(help: "Every contact with this tag.") var tag: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let id = try IncidentID.parse(id)
        let incident = try context.service(creating: false).affect(id, contactIDs: contacts, tag: tag)
        if global.json { Printer.json(IncidentDocument.json(incident, now: context.clock.now())) }
        else { print("\(incident.id): affected contacts \(incident.affectedContacts.joined(separator: ", "))") }
    }
}

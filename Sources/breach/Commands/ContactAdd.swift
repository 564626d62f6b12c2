import ArgumentParser
import BreachKit

extension ContactCommand {
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
        @Option(name: .customLong("webhook-format"), help: ArgumentHelp("How the webhook's body is shaped and signed: generic (default), standard (Standard Webhooks signing), slack or teams.", valueName: "format"))
        var webhookFormat: Contact.WebhookFormat = .generic
        @Option(name: .customLong("ca-bundle"), help: "A CA bundle (PEM) to trust for this webhook.") var caBundle: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let contact = Contact(id: id, name: name, role: role, tags: tags, email: email, webhookURL: webhook,
                                  webhookSecretRef: webhookSecret, webhookFormat: webhookFormat, caBundle: caBundle)
            let validated = try ContactValidation.validated(contact)
            try ContactValidation.checkStandardWebhookSecret(of: validated, environment: context.environment)
            let added = try ContactCommand.registry(context).add([validated])
            if global.json { Printer.json(ContactCommand.document(added[0])) } else { print("added contact \(added[0].id)") }
        }
    }
}

import BreachDomain
import Foundation

/// Turns a queued notification into what the transports send: a signed webhook request or an email.
enum NotificationMessage {
    static func webhookRequest(for item: NotificationOutbox.Claimed, configuration: BreachConfiguration,
                               environment: [String: String], now: Date) throws -> WebhookRequest {
        let message = item.notification.message
        // Only to a contact still in the registry: a removed one's secret reference is gone with it, so the
        // queued destination alone would be posted to unsigned (`contact remove` cancels; this guards races).
        guard let contact = item.contact else {
            throw BreachError.notFound("contact \(item.notification.contactID) is no longer in the registry; not sent")
        }
        guard let url = contact.webhookURL else {
            throw BreachError.notFound("contact \(item.notification.contactID) has no webhook URL any more")
        }
        var secret: String?
        if let reference = contact.webhookSecretRef {
            switch ContactValidation.resolveSecret(reference, environment: environment) {
            case let .success(value): secret = value
            case let .failure(error): throw error
            }
        }
        let subject = message["subject"]?.stringValue ?? ""
        let text = message["body"]?.stringValue ?? ""
        let body: JSONValue
        switch item.contact?.webhookFormat ?? .generic {
        case .slack:
            // Slack reads `<!channel>`, `<url|label>` and `&…;` as markup: escape the three characters it
            // documents (&, <, >) so a template's or incident's text can never ping everyone or forge a link.
            body = .object([("text", .string("*\(slackEscaped(subject))*\n\(slackEscaped(text))"))])
        case .generic:
            let obligation = item.incident.obligation(item.notification.obligationID)
            body = .object([
                ("notification_id", .string(item.notification.id)),
                ("incident", .object([
                    ("id", .string(item.incident.id)), ("title", .string(item.incident.title)), ("kind", .string(item.incident.kind)),
                    ("severity", .string(item.incident.severity.rawValue)), ("stage", .string(item.incident.stage.rawValue)),
                    ("declared_at", .time(item.incident.declaredAt)),
                ])),
                ("obligation", .object([
                    ("id", .string(item.notification.obligationID)), ("title", .optional(obligation?.title)),
                    ("due_at", .time(obligation?.dueAt)),
                ])),
                ("subject", .string(subject)),
                ("message", .string(text)),
                ("sent_at", .time(now)),
            ])
        }
        var request = WebhookRequest(id: item.notification.id, url: url, body: Data(body.serialized().utf8), secret: secret,
                              caBundlePath: contact.caBundle, connectTimeout: configuration.webhookConnectTimeout,
                              totalTimeout: configuration.webhookTotalTimeout)
        request.requiresSignature = contact.webhookSecretRef != nil
        return request
    }

    /// Text for a Slack message: `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;` (Slack's escaping rules).
    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func email(for item: NotificationOutbox.Claimed, configuration: BreachConfiguration, now: Date) throws -> OutgoingEmail {
        guard let smtp = configuration.smtp else { throw BreachError(.invalidInput, "no SMTP transport configured") }
        let message = item.notification.message
        guard let contact = item.contact else {
            throw BreachError.notFound("contact \(item.notification.contactID) is no longer in the registry; not sent")
        }
        guard let address = contact.email else {
            throw BreachError.notFound("contact \(item.notification.contactID) has no email address any more")
        }
        let email = EmailMessage(id: item.notification.id, from: smtp.from, to: [address],
                                 subject: message["subject"]?.stringValue ?? "", body: message["body"]?.stringValue ?? "", date: now)
        return try OutgoingEmail(email)
    }
}

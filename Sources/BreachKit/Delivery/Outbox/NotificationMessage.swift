import BreachDomain
import Foundation

/// Turns a queued notification into what the transports send: a signed webhook request or an email.
enum NotificationMessage {
    static func webhookRequest(for item: ClaimedNotification, configuration: BreachConfiguration,
                               secrets: WebhookSecrets, now: Date) throws -> WebhookRequest {
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
            switch secrets.resolve(reference) {
            case let .success(value): secret = value
            case let .failure(error): throw error
            }
        }
        let subject = message.subject
        let text = message.body
        let format = contact.webhookFormat
        let about = item.about
        let body: JSONValue
        switch format {
        case .slack:
            body = ChatMessageBodies.slack(subject: subject, body: text)
        case .teams:
            var facts = [ChatMessageBodies.Fact("Incident", "\(about.incidentID) · \(about.severity.rawValue) · \(about.stage.rawValue)"),
                         ChatMessageBodies.Fact("Obligation", about.obligationTitle ?? item.notification.obligationID)]
            if let dueAt = about.obligationDueAt { facts.append(ChatMessageBodies.Fact("Due", RFC3339.format(dueAt))) }
            body = ChatMessageBodies.teams(subject: subject, body: text, facts: facts)
        case .generic, .standard:
            let document: JSONValue = .object([
                ("notification_id", .string(item.notification.id)),
                ("incident", .object([
                    ("id", .string(about.incidentID)), ("title", .string(about.title)), ("kind", .string(about.kind)),
                    ("severity", .string(about.severity.rawValue)), ("stage", .string(about.stage.rawValue)),
                    ("declared_at", .time(about.declaredAt)),
                ])),
                ("obligation", .object([
                    ("id", .string(item.notification.obligationID)), ("title", .optional(about.obligationTitle)),
                    ("due_at", .time(about.obligationDueAt)),
                ])),
                ("subject", .string(subject)),
                ("message", .string(text)),
                ("sent_at", .time(now)),
            ])
            // Standard Webhooks' recommended envelope: a dotted type, an ISO 8601 timestamp, the data.
            body = format == .standard
                ? .object([("type", .string("breach.notification")), ("timestamp", .time(now)), ("data", document)])
                : document
        }
        var request = WebhookRequest(id: item.notification.id, url: url, body: Data(body.serialized().utf8), secret: secret,
                                     signatureScheme: format == .standard ? .standard : .breach, caBundlePath: contact.caBundle,
                                     connectTimeout: configuration.webhookConnectTimeout,
                                     totalTimeout: configuration.webhookTotalTimeout)
        request.requiresSignature = contact.webhookSecretRef != nil
        return request
    }

    static func email(for item: ClaimedNotification, configuration: BreachConfiguration, now: Date) throws -> OutgoingEmail {
        guard let smtp = configuration.smtp else { throw BreachError(.invalidInput, "no SMTP transport configured") }
        let message = item.notification.message
        guard let contact = item.contact else {
            throw BreachError.notFound("contact \(item.notification.contactID) is no longer in the registry; not sent")
        }
        guard let address = contact.email else {
            throw BreachError.notFound("contact \(item.notification.contactID) has no email address any more")
        }
        let email = EmailMessage(id: item.notification.id, from: smtp.from, to: [address],
                                 subject: message.subject, body: message.body, date: now)
        return try OutgoingEmail(email)
    }
}

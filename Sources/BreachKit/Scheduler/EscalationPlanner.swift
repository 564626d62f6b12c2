import BreachDomain
import Foundation

/// Alerts to the escalation contacts: deadline warnings, missed deadlines, failed deliveries.
///
/// Escalations are notifications of the incident like any other (queued, attempted, receipted), with
/// the reserved obligation id `escalation`, so they go through the same outbox and audit trail.
enum EscalationPlanner {
    static let obligationID = "escalation"

    /// The escalation recipients: the configured escalation contacts plus the assignee when it is a contact id.
    static func recipients(for incident: Incident, configuration: BreachConfiguration, contacts: [Contact]) -> [Contact] {
        var ids = configuration.escalationContacts
        if let assignee = incident.assignee, !ids.contains(assignee) { ids.append(assignee) }
        return ids.compactMap { id in contacts.first { $0.id == id } }
    }

    /// The configured escalation ids that no contact in the registry answers to, in configuration order.
    ///
    /// An unknown id (a typo in `escalation:`, a removed contact) would silently alert nobody, so `check`
    /// and `doctor` name it on every run until it is fixed.
    public static func unknownContacts(configuration: BreachConfiguration, contacts: [Contact]) -> [String] {
        let known = Set(contacts.map(\.id))
        var seen = Set<String>()
        return configuration.escalationContacts.filter { !known.contains($0) && seen.insert($0).inserted }
    }

    /// `notification.queued` events alerting every recipient on each of its channels about `reason`.
    static func alerts(incident: Incident, key: String, subject: String, body: String, recipients: [Contact]) -> [IncidentEvent] {
        var events: [IncidentEvent] = []
        for contact in recipients {
            for channel in contact.channels {
                let id = "\(incident.id).escalation.\(key).\(contact.id).\(channel.rawValue)"
                if incident.notifications.contains(where: { $0.id == id }) { continue }
                events.append(.notificationQueued(.object([
                    ("notification_id", .string(id)), ("obligation_id", .string(obligationID)),
                    ("contact_id", .string(contact.id)), ("channel", .string(channel.rawValue)),
                    ("destination", .string(channel == .email ? contact.email ?? "" : contact.webhookURL ?? "")),
                    ("subject", .string(subject)), ("body", .string(body)),
                ])))
            }
        }
        return events
    }
}

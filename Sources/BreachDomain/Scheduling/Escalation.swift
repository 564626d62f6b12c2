import Foundation

/// Alerts to the escalation contacts: deadline warnings, missed deadlines, failed deliveries.
///
/// Escalations are notifications of the incident like any other (queued, attempted, receipted), with
/// the reserved obligation id `escalation`, so they go through the same outbox and audit trail.
public enum Escalation {
    /// The reserved obligation id of escalation alerts.
    public static let obligationID = "escalation"

    /// Who an escalation about `incident` may go to, by id: the configured escalation contacts, then the
    /// assignee (an id no contact may answer to: `recipients` keeps those that exist).
    public static func recipientIDs(for incident: Incident, escalationContactIDs: [String]) -> [String] {
        var ids = escalationContactIDs
        if let assignee = incident.assignee, !ids.contains(assignee) { ids.append(assignee) }
        return ids
    }

    /// The escalation recipients: the configured escalation contacts plus the assignee when it is a contact id.
    public static func recipients(for incident: Incident, escalationContactIDs: [String], contacts: [Contact]) -> [Contact] {
        let byID = Dictionary(contacts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return recipientIDs(for: incident, escalationContactIDs: escalationContactIDs).compactMap { byID[$0] }
    }

    /// The configured escalation ids that no contact in the registry answers to, in configuration order.
    ///
    /// An unknown id (a typo in `escalation:`, a removed contact) would silently alert nobody, so `check`
    /// and `doctor` name it on every run until it is fixed.
    public static func unknownContacts(escalationContactIDs: [String], contacts: [Contact]) -> [String] {
        let known = Set(contacts.map(\.id))
        var seen = Set<String>()
        return escalationContactIDs.filter { !known.contains($0) && seen.insert($0).inserted }
    }

    /// `notification.queued` events alerting every recipient on each of its channels about one matter.
    ///
    /// `key` names the matter (`<obligation>.warning-24h`, `<obligation>.missed`, `failed.<notification>`), so
    /// the same matter alerts each recipient once, however often the checker runs.
    public static func alerts(incident: Incident, key: String, subject: String, body: String, recipients: [Contact]) -> [IncidentEvent] {
        var events: [IncidentEvent] = []
        for contact in recipients {
            for channel in contact.channels {
                let id = "\(incident.id).\(obligationID).\(key).\(contact.id).\(channel.rawValue)"
                if incident.notification(id) != nil { continue }
                events.append(.notificationQueued(NotificationQueued(
                    notificationID: id, obligationID: obligationID, contactID: contact.id, channel: channel,
                    destination: (channel == .email ? contact.email : contact.webhookURL) ?? "", subject: subject, body: body)))
            }
        }
        return events
    }
}

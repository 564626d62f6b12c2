import BreachDomain
import Foundation

/// Decides which notifications `breach notify` queues: one per (obligation, audience contact, channel).
///
/// `package`: the data-set generator (BreachDatasets) queues notifications exactly as `notify` does.
package enum NotificationPlanner {
    /// What to queue, and the outstanding obligations nobody can receive (for the caller to warn about).
    package struct Plan {
        package var events: [IncidentEvent] = []
        /// "obligation-id (audience on channels)" for each obligation with no reachable contact.
        var unreachable: [String] = []
    }

    /// The `notification.queued` events to append, or a refusal naming what is missing.
    ///
    /// Without `obligationID`, obligations nobody can receive do not block the others; they are listed in
    /// `unreachable` so that `notify` says so instead of leaving them silently un-notified.
    package static func plan(incident: Incident, obligationID: String?, contacts: [Contact], now: Date) throws -> Plan {
        guard incident.isDeclared else {
            throw BreachError.refused("\(incident.id) is not declared; there is nothing to notify yet (`breach declare \(incident.id)` first)")
        }
        var targets = incident.obligations.filter(\.isOutstanding)
        if let obligationID {
            guard let obligation = incident.obligation(obligationID) else {
                throw BreachError.notFound("\(incident.id) has no obligation '\(TextRules.printable(obligationID))'; its obligations: \(incident.obligations.map(\.id).joined(separator: ", "))")
            }
            guard obligation.isOutstanding else {
                throw BreachError.refused("\(obligationID) of \(incident.id) is already \(obligation.metAt != nil ? "met" : "waived"); nothing to notify")
            }
            targets = [obligation]
        }
        guard !targets.isEmpty else {
            throw BreachError.refused("\(incident.id) has no outstanding obligations; nothing to notify")
        }
        var events: [IncidentEvent] = []
        var unreachable: [String] = []
        // Grouped once: filtering every notification per (contact, channel) made planning O(n²) in the audience.
        var existingByTarget: [PlanTarget: [IncidentNotification]] = [:]
        for notification in incident.notifications {
            existingByTarget[PlanTarget(obligationID: notification.obligationID, contactID: notification.contactID,
                                        channel: notification.channel), default: []].append(notification)
        }
        for obligation in targets {
            guard let rule = obligation.snapshot.rule else {
                unreachable.append("\(obligation.id) (its declared rule cannot be read)")
                continue
            }
            let audience = contacts.filter { contact in
                rule.audience.matches(role: contact.role, tags: contact.tags)
                    && (rule.audience.scope == .registry || incident.isAffected(contact.id))
            }
            var planned = 0
            for contact in audience {
                for channel in rule.channels where contact.channels.contains(channel) {
                    let existing = existingByTarget[PlanTarget(obligationID: obligation.id, contactID: contact.id, channel: channel)] ?? []
                    planned += 1
                    // A failed or cancelled one (the contact was removed, then added again) is sent anew.
                    if existing.contains(where: { $0.status != .failed && $0.status != .cancelled }) { continue }
                    let base = "\(incident.id).\(obligation.id).\(contact.id).\(channel.rawValue)"
                    let id = existing.isEmpty ? base : "\(base).\(existing.count + 1)"
                    let context = MessageContext(
                        incidentID: incident.id, incidentTitle: incident.title, kind: incident.kind, severity: incident.severity,
                        stage: incident.stage, summary: incident.summary, detectedAt: incident.detectedAt, declaredAt: incident.declaredAt,
                        awareAt: incident.awareAt, determinedAt: incident.determinedAt, obligationID: obligation.id,
                        obligationTitle: obligation.title, dueAt: obligation.dueAt, contactName: contact.name)
                    let rendered: RenderedMessage
                    do { rendered = try TemplateRenderer.render(rule.template, context: context) } catch {
                        throw BreachError(.invalidFile, "cannot render the message of \(obligation.id): \(error)")
                    }
                    events.append(.notificationQueued(NotificationQueued(
                        notificationID: id, obligationID: obligation.id, contactID: contact.id, channel: channel,
                        destination: (channel == .email ? contact.email : contact.webhookURL) ?? "",
                        subject: rendered.subject, body: rendered.body)))
                }
            }
            if planned == 0 {
                unreachable.append("\(obligation.id) (\(ObligationSnapshot.audienceText(rule.audience)) on \(rule.channels.map(\.rawValue).joined(separator: "/")))")
            }
        }
        if !unreachable.isEmpty && (events.isEmpty || obligationID != nil) {
            throw BreachError.refused(unreachableMessage(unreachable, incident: incident.id))
        }
        return Plan(events: events, unreachable: unreachable)
    }

    /// The (obligation, contact, channel) a planned notification is for: at most one pending or delivered each.
    private struct PlanTarget: Hashable {
        let obligationID: String
        let contactID: String
        let channel: NotificationChannel
    }

    /// "no contact can receive …; link affected contacts …": the refusal, and `notify`'s warning.
    static func unreachableMessage(_ unreachable: [String], incident: String) -> String {
        "no contact can receive \(unreachable.joined(separator: ", ")); link affected contacts with `breach affect \(incident) --contact CID` (or waive the obligation)"
    }
}

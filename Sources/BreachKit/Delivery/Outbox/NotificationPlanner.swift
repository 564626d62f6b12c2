import BreachDomain
import Foundation

/// Decides which notifications `breach notify` queues: one per (obligation, audience contact, channel).
///
/// `package`: the data-set generator (BreachDatasets) queues notifications exactly as `notify` does.
package enum NotificationPlanner {
    /// What to queue, and the outstanding obligations nobody can receive (for the caller to warn about).
    package struct Plan {
        /// The notifications to queue, in plan order (obligation, contact, channel), their messages not
        /// rendered yet.
        package var notifications: [Planned] = []
        /// The `notification.queued` events of `notifications`, rendered.
        package var events: [IncidentEvent] { notifications.map { .notificationQueued($0.queued()) } }
        /// "obligation-id (audience on channels)" for each obligation with no reachable contact.
        var unreachable: [String] = []
        /// Outstanding obligations plain `notify` leaves alone, each with why (anchor not recorded, facts missing).
        var held: [String] = []
    }

    /// One notification a plan queues, its message rendered only when it is queued (`queued()`): a plan for
    /// 50,000 recipients then holds ids and contacts' names, not 30 MB of rendered bodies while the first
    /// slices are sent (`QueueFeed`).
    package struct Planned {
        package let notificationID: String
        package let obligationID: String
        package let contactID: String
        package let channel: NotificationChannel
        let contactName: String
        let destination: String
        /// The obligation's message, filled once with the incident's variables; shared by its recipients.
        let message: Message

        /// The `notification.queued` payload, its subject and body rendered for this contact.
        package func queued() -> NotificationQueued {
            let rendered = message.render(name: contactName)
            return NotificationQueued(notificationID: notificationID, obligationID: obligationID, contactID: contactID, channel: channel,
                                      destination: destination, subject: rendered.subject, body: rendered.body)
        }
    }

    /// One obligation's message for all its recipients (`TemplateRenderer.PerRecipient` renders in place).
    final class Message {
        private var renderer: TemplateRenderer.PerRecipient

        init(_ renderer: TemplateRenderer.PerRecipient) {
            self.renderer = renderer
        }

        func render(name: String) -> RenderedMessage {
            renderer.render(name: name)
        }
    }

    /// What plain `notify` may not send yet, or nil when `obligation` is ready: its due time must be known,
    /// its `fulfilled:` prerequisite met and its required facts set.
    package static func notReady(_ obligation: Obligation, in incident: Incident) -> String? {
        guard let rule = obligation.snapshot.rule else { return nil }
        if let prerequisite = rule.anchor.prerequisiteObligationID, incident.obligation(prerequisite)?.metAt == nil {
            return "its prerequisite \(prerequisite) is not met yet"
        }
        if obligation.dueAt == nil {
            if let problem = obligation.dueProblem { return "its due time is unknown (\(problem))" }
            return "its anchor (\(rule.anchor.text)) is not recorded yet"
        }
        return nil
    }

    /// The required facts of `obligation` not yet set on `incident`.
    package static func missingFacts(_ obligation: Obligation, in incident: Incident) -> [String] {
        (obligation.snapshot.rule?.requiresFacts ?? []).filter { incident.fact($0) == nil }
    }

    /// The `notification.queued` events to append, or a refusal naming what is missing.
    ///
    /// Without `obligationID`, obligations nobody can receive do not block the others; they are listed in
    /// `unreachable` so that `notify` says so instead of leaving them silently un-notified.
    ///
    /// Plain `notify` (no `obligationID`) sends only obligations whose due time is known, whose
    /// `fulfilled:` prerequisite is met and whose required facts are set; the others are `held`. Named
    /// with `obligationID`, such an obligation is refused with the reason unless `early` (the reason to
    /// send it before its anchor) is given; missing facts are always refused. With `supplement`, the
    /// obligation must be met and every current recipient is sent the message again under new ids.
    package static func plan(incident: Incident, obligationID: String?, contacts: [Contact], now: Date,
                             early: String? = nil, supplement: SupplementRecorded? = nil) throws -> Plan {
        guard incident.isDeclared else {
            throw BreachError.refused("\(incident.id) is not declared; there is nothing to notify yet (`breach declare \(incident.id)` first)")
        }
        var targets = incident.obligations.filter(\.isOutstanding)
        var held: [String] = []
        if let obligationID {
            guard let obligation = incident.obligation(obligationID) else {
                throw BreachError.notFound("\(incident.id) has no obligation '\(TextRules.printable(obligationID))'; its obligations: \(incident.obligations.map(\.id).joined(separator: ", "))")
            }
            if supplement == nil {
                guard obligation.isOutstanding else {
                    let hint = obligation.metAt != nil ? "; to send further information add --supplement R" : ""
                    throw BreachError.refused("\(obligationID) of \(incident.id) is already \(obligation.metAt != nil ? "met" : obligation.withdrawnAt != nil ? "withdrawn (\(obligation.withdrawalReason ?? ""))" : "waived"); nothing to notify\(hint)")
                }
                if let reason = notReady(obligation, in: incident), early == nil {
                    throw BreachError.refused("\(obligationID) of \(incident.id) is not due to be sent: \(reason); to send it anyway add --early --reason R")
                }
            }
            let missing = missingFacts(obligation, in: incident)
            if !missing.isEmpty {
                throw BreachError.refused("\(obligationID) of \(incident.id) needs facts not set yet: \(missing.joined(separator: ", ")); set them with `breach facts \(incident.id) --set KEY=VALUE`")
            }
            targets = [obligation]
        } else {
            targets = targets.filter { obligation in
                var why = notReady(obligation, in: incident)
                let missing = missingFacts(obligation, in: incident)
                if why == nil, !missing.isEmpty { why = "needs facts \(missing.joined(separator: ", ")) (`breach facts \(incident.id) --set KEY=VALUE`)" }
                if let why { held.append("\(obligation.id): \(why)") }
                return why == nil
            }
        }
        guard !targets.isEmpty else {
            if !held.isEmpty {
                throw BreachError.refused("\(incident.id) has nothing ready to notify: \(held.joined(separator: "; ")); name one with --obligation OID --early --reason R to send it before its anchor")
            }
            throw BreachError.refused("\(incident.id) has no outstanding obligations; nothing to notify")
        }
        var notifications: [Planned] = []
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
            // Parsed and filled once per obligation; per recipient only the contact's name changes.
            var message: Message?
            for contact in audience {
                for channel in rule.channels where contact.channels.contains(channel) {
                    let existing = existingByTarget[PlanTarget(obligationID: obligation.id, contactID: contact.id, channel: channel)] ?? []
                    planned += 1
                    let base = "\(incident.id).\(obligation.id).\(contact.id).\(channel.rawValue)"
                    let id: String
                    if let supplement {
                        // Its own id per supplement, so the receiver's idempotency never swallows it.
                        id = "\(base).s\(supplement.number)"
                    } else {
                        // A failed or cancelled one (the contact was removed, then added again) is sent anew.
                        if existing.contains(where: { $0.status != .failed && $0.status != .cancelled }) { continue }
                        id = existing.isEmpty ? base : "\(base).\(existing.count + 1)"
                    }
                    if message == nil {
                        var context = MessageContext(
                            incidentID: incident.id, incidentTitle: incident.title, kind: incident.kind, severity: incident.severity,
                            stage: incident.stage, summary: incident.summary, detectedAt: incident.detectedAt, declaredAt: incident.declaredAt,
                            awareAt: incident.awareAt, determinedAt: incident.determinedAt, obligationID: obligation.id,
                            obligationTitle: obligation.title, dueAt: obligation.dueAt, contactName: nil)
                        context.facts = Dictionary(incident.facts.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
                        context.supplementReason = supplement?.reason
                        do { message = Message(try TemplateRenderer.PerRecipient(rule.template, variables: context.variables)) } catch {
                            throw BreachError(.invalidFile, "cannot render the message of \(obligation.id): \(error)")
                        }
                    }
                    // Rendered as `MessageContext.variables` would give with this contact's name (left out when empty).
                    notifications.append(Planned(notificationID: id, obligationID: obligation.id, contactID: contact.id, channel: channel,
                                                 contactName: contact.name,
                                                 destination: (channel == .email ? contact.email : contact.webhookURL) ?? "",
                                                 message: message!))
                }
            }
            if planned == 0 {
                unreachable.append("\(obligation.id) (\(ObligationSnapshot.audienceText(rule.audience)) on \(rule.channels.map(\.rawValue).joined(separator: "/")))")
            }
        }
        if !unreachable.isEmpty && (notifications.isEmpty || obligationID != nil) {
            throw BreachError.refused(unreachableMessage(unreachable, incident: incident.id))
        }
        return Plan(notifications: notifications, unreachable: unreachable, held: held)
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

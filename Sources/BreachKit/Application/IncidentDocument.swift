import BreachDomain
import Foundation

/// The JSON shapes of the SPEC (`show --json`, items of `list --json`), snake_case, nulls explicit.
public enum IncidentDocument {
    /// The full incident object.
    public static func json(_ incident: Incident, now: Date) -> JSONValue {
        let obligations: [JSONValue] = incident.obligations.map { obligation(incident: incident, $0, now: now) }
        let notifications: [JSONValue] = incident.notifications.map(notification)
        let checklist: [JSONValue] = incident.checkedItems.map {
            .object([("stage", .string($0.stage.rawValue)), ("item", .string($0.item)), ("checked_at", .time($0.at)),
                     ("checked_by", .string($0.actor))])
        }
        let stages: [JSONValue] = incident.stageIntervals.map {
            .object([("stage", .string($0.stage.rawValue)), ("entered_at", .time($0.enteredAt)), ("left_at", .time($0.leftAt)),
                     ("hours", .double(($0.duration(until: now) / 36).rounded() / 100))])
        }
        let notes: [JSONValue] = incident.notes.map {
            .object([("at", .time($0.at)), ("actor", .string($0.actor)), ("text", .string($0.text))])
        }
        var fields: [(String, JSONValue)] = [
            ("id", .string(incident.id)),
            ("title", .string(incident.title)),
            ("kind", .string(incident.kind)),
            ("severity", .string(incident.severity.rawValue)),
            ("stage", .string(incident.stage.rawValue)),
            ("summary", .optional(incident.summary)),
            ("detected_at", .time(incident.detectedAt)),
            ("declared_at", .time(incident.declaredAt)),
            ("aware_at", .time(incident.awareAt)),
            ("determined_at", .time(incident.determinedAt)),
            ("closed_at", .time(incident.closedAt)),
            ("resolution", .optional(incident.resolution)),
            ("assignee", .optional(incident.assignee)),
            ("overdue", .bool(incident.isOverdue(at: now))),
            ("next_deadline_at", .time(incident.nextDeadline)),
        ]
        fields.append(("obligations", .array(obligations)))
        fields.append(("notifications", .array(notifications)))
        fields.append(("affected_contacts", .array(incident.affectedContacts.map(JSONValue.string))))
        fields.append(("checklist", .array(checklist)))
        fields.append(("stages", .array(stages)))
        fields.append(("notes", .array(notes)))
        fields.append(("regimes", .array(incident.regimes.map {
            .object([("id", .string($0.id)), ("applied_at", .time($0.at)), ("reason", .optional($0.reason)), ("applied_by", .string($0.actor))])
        })))
        fields.append(("milestones", .array(incident.milestones.map {
            .object([("name", .string($0.name)), ("at", .time($0.at)), ("marked_by", .string($0.actor))])
        })))
        fields.append(("facts", .object(incident.facts.map { ($0.key, JSONValue.string($0.value)) })))
        fields.append(("not_applicable", .array(incident.dormantObligations.map {
            .object([("id", .string($0.id)), ("applies_when", .optional($0.rule?.appliesWhen?.text))])
        })))
        fields.append(("version", .int(Int64(incident.version))))
        return .object(fields)
    }

    /// One obligation: `id, audience, due_at, status, met_at` plus waiver and warning details.
    public static func obligation(incident: Incident, _ obligation: Obligation, now: Date) -> JSONValue {
        .object([
            ("id", .string(obligation.id)),
            ("title", .string(obligation.title)),
            ("audience", .optional(obligation.snapshot.audienceText)),
            ("anchor", .optional(obligation.snapshot.anchor)),
            ("due_at", .time(obligation.dueAt)),
            ("status", .string(obligation.status(at: now).rawValue)),
            ("met_at", .time(obligation.metAt)),
            ("late", .bool(obligation.wasMetLate)),
            ("waived_at", .time(obligation.waivedAt)),
            ("waiver_reason", .optional(obligation.waiverReason)),
            ("waived_by", .optional(obligation.waivedBy)),
            ("warnings_sent_hours", .array(obligation.warningsSent.sorted(by: >).map { .int(Int64($0 / 3600)) })),
            ("left_to_notify", .array(obligation.isOutstanding ? incident.leftToNotify(obligation.id).map(JSONValue.string) : [])),
            ("regime", .optional(obligation.regime)),
            ("calendar", .optional(obligation.snapshot.calendar?.id)),
            ("met_when", .string(obligation.snapshot.rule?.metWhen.rawValue ?? "all")),
            ("due_problem", .optional(obligation.dueProblem)),
            ("missing_facts", .array((obligation.snapshot.rule?.requiresFacts ?? []).filter { incident.fact($0) == nil }.map(JSONValue.string))),
            ("filings", .array(obligation.filings.map(filing))),
            ("supplements", .array(obligation.supplements.map {
                .object([("number", .int(Int64($0.number))), ("reason", .string($0.reason))])
            })),
            ("applies_when", .optional(obligation.snapshot.rule?.appliesWhen?.text)),
            ("applies_since", .time(obligation.appliedAt)),
            ("applies_reason", .optional(obligation.appliedReason)),
            // Created after its due time (a threshold crossed by a later fact): late from the start, and said so.
            ("late_on_arrival", .bool(obligation.appliedAt.flatMap { applied in obligation.dueAt.map { $0 < applied } } ?? false)),
            ("withdrawn_at", .time(obligation.withdrawnAt)),
            ("withdrawal_reason", .optional(obligation.withdrawalReason)),
            ("source", .optional(obligation.snapshot.rule?.source)),
        ])
    }

    /// One filing made outside breach: reference, time and the evidence's digest (never its bytes).
    public static func filing(_ filed: ObligationFiled) -> JSONValue {
        .object([
            ("channel", .string(ObligationFiled.channel)),
            ("reference", .string(filed.reference)),
            ("filed_at", .time(filed.filedAt)),
            ("evidence", filed.evidence.map { .object([("name", .string($0.name)), ("sha256", .string($0.sha256)), ("size", .int($0.size))]) } ?? .null),
        ])
    }

    /// One notification: `id, obligation_id, contact_id, channel, status, attempts, last_error, delivered_at`.
    public static func notification(_ notification: IncidentNotification) -> JSONValue {
        .object([
            ("id", .string(notification.id)),
            ("obligation_id", .string(notification.obligationID)),
            ("contact_id", .string(notification.contactID)),
            ("channel", .string(notification.channel.rawValue)),
            ("status", .string(notification.status.rawValue)),
            ("attempts", .int(Int64(notification.attempts))),
            ("last_error", .optional(notification.lastError)),
            ("delivered_at", .time(notification.deliveredAt)),
            ("next_attempt_at", .time(notification.nextAttemptAt)),
            ("cancelled_at", .time(notification.cancelledAt)),
        ])
    }
}

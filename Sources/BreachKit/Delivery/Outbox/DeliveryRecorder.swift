import BreachDomain
import Foundation

/// The outbox's record job: one unit of work records every result as an event on its incident and
/// releases the leases.
struct DeliveryRecorder {
    let service: IncidentService
    let configuration: BreachConfiguration
    let holder: String

    /// Records `results` (of notifications claimed by `holder`), updating `report`.
    ///
    /// What to record is the domain's decision (`Incident.recordDeliveries`, then `escalateFailures`);
    /// this only checks that the lease is still ours, reads what the decision needs and appends.
    func record(_ results: [DeliveryResult], incidentOf: [String: String], states: FoldedIncidents,
                now: Date, report: inout NotificationOutbox.RunReport) throws {
        try service.store.write { unit in
            let byIncident = Dictionary(grouping: results, by: { incidentOf[$0.notificationID] ?? "" })
            // Read once per unit of work, and only if some delivery failed for good and must escalate.
            var registry: [Contact]?
            for incidentID in byIncident.keys.sorted() {
                var ours: [DeliveryResult] = []
                for result in byIncident[incidentID] ?? [] {
                    // A run that lost its lease (expired, taken over) must not record over the new holder's work.
                    let held = try unit.leaseHolder(of: result.notificationID)
                    try unit.releaseLease(of: result.notificationID, holder: holder)
                    if held == holder { ours.append(result) }
                }
                guard !ours.isEmpty else { continue }
                let state = try states.current(incidentID, in: unit)
                var events = Incident.recordDeliveries(state, results: ours, now: now)
                guard !events.isEmpty else { continue }
                for case let .notificationDelivered(attempt) in events { report.delivered.append(line(incidentID, state, attempt)) }
                for case let .notificationAttempted(attempt) in events { report.retrying.append(line(incidentID, state, attempt)) }
                for case let .notificationFailed(attempt) in events { report.failed.append(line(incidentID, state, attempt)) }
                // A permanent failure of a regulatory notification alerts the escalation contacts.
                if Incident.needsEscalation(events) {
                    if registry == nil { registry = try unit.contacts() }
                    let recipients = Escalation.recipients(for: state, escalationContactIDs: configuration.escalationContacts,
                                                           contacts: registry ?? [])
                    events += Incident.escalateFailures(state, events: events, recipients: recipients)
                }
                states.update(try service.append(events, to: incidentID, state: state, at: now, in: unit))
            }
        }
    }

    private func line(_ incidentID: String, _ state: Incident, _ attempt: DeliveryAttempt) -> NotificationOutbox.RunReport.Line {
        let notification = state.notifications.first { $0.id == attempt.notificationID }!
        return (incidentID, notification, attempt.receipt ?? "")
    }
}

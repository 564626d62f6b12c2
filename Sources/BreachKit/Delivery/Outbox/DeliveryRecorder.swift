import BreachDomain
import Foundation
import Logging

/// The outbox's record job: one unit of work records every result as an event on its incident and
/// releases the leases.
struct DeliveryRecorder {
    let service: IncidentService
    let configuration: BreachConfiguration
    let holder: String
    let logger: Logger

    /// Records `results` (of notifications claimed by `holder`), updating `report`.
    ///
    /// What to record is the domain's decision (`Incident.recordDeliveries`, then `escalateFailures`);
    /// this only checks that the lease is still ours, reads what the decision needs and appends.
    func record(_ results: [DeliveryResult], incidentOf: (String) -> String?, states: FoldedIncidents,
                now: Date, report: inout NotificationOutbox.RunReport) throws {
        // Logged once the unit of work has committed: a retried one must not log twice, a failed one not at all.
        var records: [(level: Logger.Level, metadata: Logger.Metadata)] = []
        try service.store.write { unit in
            records = []
            // A run that lost its lease (expired, taken over) must not record over the new holder's work.
            let held = try unit.releaseLeases(of: results.map(\.notificationID), holder: holder)
            let byIncident = Dictionary(grouping: results.filter { held.contains($0.notificationID) },
                                        by: { incidentOf($0.notificationID) ?? "" })
            for incidentID in byIncident.keys.sorted() {
                guard let ours = byIncident[incidentID], !ours.isEmpty else { continue }
                let state = try states.take(incidentID, in: unit)
                var events = Incident.recordDeliveries(state, results: ours, now: now)
                guard !events.isEmpty else { states.update(state); continue }
                // Built only for a logger that keeps warnings (the level of a failure's record; the logger
                // drops what is below its own level): a dictionary of metadata per notification thrown away
                // by a silent logger was about 7 % of recording.
                if logger.logLevel <= .warning {
                    let receipts = Dictionary(ours.map { ($0.notificationID, $0.receipt) }, uniquingKeysWith: { first, _ in first })
                    for event in events {
                        if let record = Self.logRecord(for: event, incidentID: incidentID, state: state, receipts: receipts) { records.append(record) }
                    }
                }
                for case let .notificationDelivered(attempt) in events { report.delivered.append(line(incidentID, state, attempt)) }
                for case let .notificationAttempted(attempt) in events { report.retrying.append(line(incidentID, state, attempt)) }
                for case let .notificationFailed(attempt) in events { report.failed.append(line(incidentID, state, attempt)) }
                // A permanent failure of a regulatory notification alerts the escalation contacts.
                if Incident.needsEscalation(events) {
                    let recipients = try unit.escalationRecipients(for: state, configuration: configuration)
                    events += Incident.escalateFailures(state, events: events, recipients: recipients)
                }
                states.update(try service.append(events, to: incidentID, state: consume state, at: now, in: unit))
            }
        }
        for record in records { logger.log(level: record.level, "delivery attempted", metadata: record.metadata) }
    }

    /// Releases this run's leases of notifications it did not attempt, in one unit of work: they stay
    /// queued, with the next attempt time they had, for whichever run comes next.
    func release(_ notificationIDs: [String]) throws {
        guard !notificationIDs.isEmpty else { return }
        try service.store.write { unit in
            _ = try unit.releaseLeases(of: notificationIDs, holder: holder)
        }
    }

    /// What the log says about one recorded attempt: ids, channel, outcome, attempt number, the status
    /// code and duration — nothing a receiver sent back in prose, nothing that could hold a secret.
    static func logRecord(for event: IncidentEvent, incidentID: String, state: Incident,
                          receipts: [String: DeliveryReceipt]) -> (level: Logger.Level, metadata: Logger.Metadata)? {
        let outcome: String, attempt: DeliveryAttempt
        switch event {
        case let .notificationDelivered(record): (outcome, attempt) = ("delivered", record)
        case let .notificationFailed(record): (outcome, attempt) = ("failed", record)
        case let .notificationAttempted(record): (outcome, attempt) = ("retry", record)
        default: return nil
        }
        guard let notification = state.notification(attempt.notificationID) else { return nil }
        var metadata: Logger.Metadata = [
            LogKey.incidentID: "\(incidentID)", LogKey.obligationID: "\(notification.obligationID)",
            LogKey.notificationID: "\(notification.id)", LogKey.contactID: "\(notification.contactID)",
            LogKey.channel: "\(notification.channel.rawValue)", LogKey.outcome: "\(outcome)",
            LogKey.attempt: .stringConvertible(attempt.attempt ?? notification.attempts + 1),
            "duration_ms": .stringConvertible(attempt.durationMilliseconds ?? 0),
        ]
        let receipt = receipts[notification.id]
        if let status = receipt?.httpStatus { metadata["http.status"] = .stringConvertible(status) }
        if let code = receipt?.smtpCode { metadata["smtp.code"] = .stringConvertible(code) }
        if let code = receipt?.curlCode { metadata["curl.code"] = .stringConvertible(code) }
        return (outcome == "failed" ? .warning : .info, metadata)
    }

    private func line(_ incidentID: String, _ state: Incident, _ attempt: DeliveryAttempt) -> NotificationOutbox.RunReport.Line {
        let notification = state.notification(attempt.notificationID)!
        return (incidentID, NotificationReference(notification), attempt.receipt ?? "")
    }
}

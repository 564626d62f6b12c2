import BreachDomain
import Foundation

/// `breach report notifications`: every delivery attempt, straight from the event log, for auditors.
///
/// Rows come from `notification.attempted` (retry), `notification.delivered` and `notification.failed`
/// events in log order, decoded through `DeliveryAttempt` like every other reader of them; contact and
/// channel come from the same notification's `notification.queued` event in the same stream. `--since/--until` select attempts by their time.
public struct NotificationsReport: Sendable {
    public var window: ReportWindow
    /// Only this incident's attempts, when set.
    public var incidentID: String?

    public init(window: ReportWindow = ReportWindow(), incidentID: String? = nil) {
        self.window = window
        self.incidentID = incidentID
    }

    /// Calls `body` with each attempt, in log order, decoded through the event types (old payloads upcast).
    public func forEachRow(in reader: any StoreReader, _ body: (NotificationAttemptRow) throws -> Void) throws {
        try reader.forEachNotificationOutcome(window, incidentID: incidentID) { item in
            let stored = item.stored
            let outcome: NotificationAttemptRow.Outcome, attempt: DeliveryAttempt
            switch try stored.decoded().event {
            case let .obligationFiled(filed):
                // A filing made elsewhere is an accepted "delivery" on channel manual, at the time it was made.
                var row = NotificationAttemptRow(
                    incidentID: stored.stream, obligationID: filed.obligationID, notificationID: nil, contactID: nil,
                    channel: ObligationFiled.channel, attempt: nil, at: filed.filedAt, outcome: .filed, receipt: filed.reference,
                    httpStatus: nil, smtpCode: nil, error: nil, sequence: stored.sequence, recordedAt: RFC3339.parse(stored.recordedAt))
                row.reference = filed.reference
                row.evidenceSHA256 = filed.evidence?.sha256
                try body(row)
                return
            case let .notificationAttempted(record): (outcome, attempt) = (.retry, record)
            case let .notificationDelivered(record): (outcome, attempt) = (.delivered, record)
            case let .notificationFailed(record): (outcome, attempt) = (.failed, record)
            default: return
            }
            try body(NotificationAttemptRow(
                incidentID: stored.stream, obligationID: attempt.obligationID, notificationID: attempt.notificationID,
                contactID: item.queuedContactID ?? attempt.contactID, channel: item.queuedChannel ?? attempt.channel,
                attempt: attempt.attempt, at: RFC3339.parse(stored.effectiveAt) ?? Date(timeIntervalSince1970: 0),
                outcome: outcome, receipt: attempt.receipt, httpStatus: attempt.httpStatus,
                smtpCode: attempt.smtpCode, error: attempt.error, sequence: stored.sequence,
                recordedAt: RFC3339.parse(stored.recordedAt)
            ))
        }
    }
}

extension IncidentService {
    /// Streams the notification attempts of `window` (and of one incident, when given).
    public func notificationsReport(_ window: ReportWindow, incidentID: String?, format: ReportFormat,
                                    to output: any ReportOutput) throws {
        let report = NotificationsReport(window: window, incidentID: incidentID)
        try store.read { reader in
            if let incidentID, try !reader.incidentExists(incidentID) { throw Self.unknownIncident(incidentID) }
            switch format {
            case .json: try report.writeJSON(in: reader, to: output)
            default: try report.writeCSV(in: reader, to: output)
            }
        }
    }

    /// The attempts of `window`, in memory (tests).
    public func notificationAttempts(_ window: ReportWindow, incidentID: String? = nil) throws -> [NotificationAttemptRow] {
        try store.read { reader in
            var rows: [NotificationAttemptRow] = []
            try NotificationsReport(window: window, incidentID: incidentID).forEachRow(in: reader) { rows.append($0) }
            return rows
        }
    }
}

import BreachDomain
import Foundation
import GRDB

/// `breach report notifications`: every delivery attempt, straight from the event log, for auditors.
///
/// Rows come from `notification.attempted` (retry), `notification.delivered` and `notification.failed`
/// events in log order; contact and channel come from the same notification's `notification.queued`
/// event in the same stream. `--since/--until` select attempts by their time.
public struct NotificationsReport: Sendable {
    public var window: ReportWindow
    /// Only this incident's attempts, when set.
    public var incidentID: String?

    public init(window: ReportWindow = ReportWindow(), incidentID: String? = nil) {
        self.window = window
        self.incidentID = incidentID
    }

    /// Calls `body` with each attempt, in log order.
    public func forEachRow(in db: Database, _ body: (NotificationAttemptRow) throws -> Void) throws {
        var (conditions, windowArguments) = window.sqlConditions(column: "e.effective_at")
        var arguments: [String: (any DatabaseValueConvertible)?] = windowArguments
        conditions.insert("e.type IN ('notification.attempted', 'notification.delivered', 'notification.failed')", at: 0)
        if let incidentID {
            conditions.append("e.stream = :incident")
            arguments["incident"] = incidentID
        }
        // The queued event of the same notification, found within its stream (indexed by stream, version).
        let queued = """
            FROM events q WHERE q.stream = e.stream AND q.type = 'notification.queued'
              AND json_extract(q.payload, '$.notification_id') = json_extract(e.payload, '$.notification_id')
            ORDER BY q.version LIMIT 1
            """
        let sql = """
            SELECT e.sequence, e.stream, e.type, e.payload, e.effective_at,
                   (SELECT json_extract(q.payload, '$.contact_id') \(queued)) AS contact_id,
                   (SELECT json_extract(q.payload, '$.channel') \(queued)) AS channel,
                   e.recorded_at
            FROM events e
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY e.sequence
            """
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try cursor.next() {
            guard let outcome = NotificationAttemptRow.Outcome(eventType: row[2]) else { continue }
            let payload = (try? JSONValue.parse(row[3] as String)) ?? .object([])
            func text(_ key: String) -> String? {
                guard let value = payload[key], !value.isNull else { return nil }
                return value.stringValue ?? value.serialized()
            }
            let effective: String = row[4]
            try body(NotificationAttemptRow(
                incidentID: row[1], obligationID: text("obligation_id"), notificationID: text("notification_id"),
                contactID: row[5] ?? text("contact_id"), channel: row[6] ?? text("channel"),
                attempt: payload["attempt"]?.intValue, at: RFC3339.parse(effective) ?? Date(timeIntervalSince1970: 0),
                outcome: outcome, receipt: text("receipt"), httpStatus: payload["http_status"]?.intValue,
                smtpCode: payload["smtp_code"]?.intValue, error: text("error"), sequence: row[0],
                recordedAt: (row[7] as String?).flatMap(RFC3339.parse)
            ))
        }
    }
}

extension IncidentService {
    /// Streams the notification attempts of `window` (and of one incident, when given).
    public func notificationsReport(_ window: ReportWindow, incidentID: String?, format: ReportFormat,
                                    to output: any ReportOutput) throws {
        let report = NotificationsReport(window: window, incidentID: incidentID)
        try database.read { db in
            if let incidentID, try Int.fetchOne(db, sql: "SELECT 1 FROM incidents WHERE id = ?", arguments: [incidentID]) == nil {
                throw BreachError.notFound("no incident \(incidentID); see `breach list` for the ids that exist")
            }
            switch format {
            case .json: try report.writeJSON(in: db, to: output)
            default: try report.writeCSV(in: db, to: output)
            }
        }
    }

    /// The attempts of `window`, in memory (tests).
    public func notificationAttempts(_ window: ReportWindow, incidentID: String? = nil) throws -> [NotificationAttemptRow] {
        try database.read { db in
            var rows: [NotificationAttemptRow] = []
            try NotificationsReport(window: window, incidentID: incidentID).forEachRow(in: db) { rows.append($0) }
            return rows
        }
    }
}

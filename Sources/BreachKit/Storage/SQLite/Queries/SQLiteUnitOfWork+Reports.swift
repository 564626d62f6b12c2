import BreachDomain
import Foundation
import GRDB

/// The reports' aggregates, as SQL over the read models and the log, read through cursors so rows stream.
extension SQLiteUnitOfWork {
    func forEachSLAAggregate(_ window: ReportWindow, now: Date, _ body: (SLAAggregate) throws -> Void) throws {
        let (conditions, windowArguments) = window.sqlConditions(column: "i.detected_at")
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // With a window, aggregate only the incidents inside it (index on detected_at), not the whole history.
        let inWindow = "incident_id IN (SELECT i.id FROM incidents i \(whereClause))"
        let scope = conditions.isEmpty ? "" : "WHERE " + inWindow
        // A withdrawn obligation (its `applies_when:` stopped holding) was never owed: not in the verdict.
        let owed = "WHERE NOT \(WithdrawnObligationRows.sqlCondition())" + (conditions.isEmpty ? "" : " AND " + inWindow)
        let nowText = RFC3339.format(now)
        // Settled by waiver: waived, and not met before the waiver. Settled at: the earlier of met_at and waived_at.
        let sql = """
            WITH o AS (
                SELECT incident_id,
                       COUNT(*) AS total,
                       SUM(met_at IS NOT NULL AND NOT by_waiver) AS met,
                       SUM(by_waiver) AS waived,
                       SUM(met_at IS NOT NULL AND NOT by_waiver AND due_at IS NOT NULL AND met_at > due_at) AS met_late,
                       SUM(by_waiver AND due_at IS NOT NULL AND waived_at > due_at) AS waived_late,
                       SUM(met_at IS NULL AND waived_at IS NULL AND due_at IS NOT NULL AND due_at <= :now) AS overdue,
                       MIN(due_at) AS deadline,
                       MAX(CASE WHEN met_at IS NULL THEN waived_at WHEN waived_at IS NULL THEN met_at ELSE MIN(met_at, waived_at) END) AS settled_at
                FROM (SELECT *, (waived_at IS NOT NULL AND (met_at IS NULL OR waived_at <= met_at)) AS by_waiver FROM obligations \(owed))
                GROUP BY incident_id
            ), n AS (
                SELECT incident_id,
                       SUM(status = 'delivered') AS delivered,
                       SUM(status = 'failed') AS failed,
                       MIN(delivered_at) AS first_delivered,
                       MAX(delivered_at) AS last_delivered
                FROM notifications
                -- Escalation alerts to the team are not notifications of the affected parties.
                WHERE obligation_id <> '\(Escalation.obligationID)' \(conditions.isEmpty ? "" : "AND " + inWindow)
                GROUP BY incident_id
            ), s AS (
                SELECT incident_id,
                       SUM(CASE WHEN stage = 'detect' THEN seconds END) AS detect_s,
                       SUM(CASE WHEN stage = 'assess' THEN seconds END) AS assess_s,
                       SUM(CASE WHEN stage = 'diagnose' THEN seconds END) AS diagnose_s,
                       SUM(CASE WHEN stage = 'stabilize' THEN seconds END) AS stabilize_s,
                       MIN(CASE WHEN stage = 'stabilize' THEN entered_at END) AS stabilized_at
                FROM (SELECT incident_id, stage, entered_at,
                             MAX(0, CAST(strftime('%s', COALESCE(left_at, :now)) AS INTEGER)
                                    - CAST(strftime('%s', entered_at) AS INTEGER)) AS seconds
                      FROM stage_intervals \(scope))
                GROUP BY incident_id
            ), b AS (
                -- Backdated receipts (issue 18), answered from the partial index events_backdated: normally empty.
                SELECT stream AS incident_id, COUNT(*) AS backdated
                FROM events WHERE \(Backdating.sqlCondition(alias: ""))
                GROUP BY stream
            ), r AS (
                -- Issue 15: regimes applied, filings made elsewhere, supplements; JSON arrays keep log order.
                SELECT stream AS incident_id,
                       json_group_array(CASE WHEN type = '\(RegimeApplied.type)' THEN json_extract(payload, '$.\(RegimeApplied.Key.regime)') END) AS regimes,
                       SUM(type = '\(ObligationFiled.type)') AS filings,
                       json_group_array(CASE WHEN type = '\(ObligationFiled.type)' THEN json_extract(payload, '$.\(ObligationFiled.Key.reference)') END) AS refs,
                       SUM(type = '\(SupplementRecorded.type)') AS supplements
                FROM (SELECT stream, type, payload FROM events
                      WHERE type IN ('\(RegimeApplied.type)', '\(ObligationFiled.type)', '\(SupplementRecorded.type)') ORDER BY sequence)
                GROUP BY stream
            )
            SELECT i.id, i.title, i.kind, i.severity, i.stage, i.detected_at, i.declared_at, i.closed_at,
                   o.total, o.met, o.waived, o.met_late, o.waived_late, o.overdue, o.deadline, o.settled_at,
                   n.delivered, n.failed, n.first_delivered, n.last_delivered,
                   s.detect_s, s.assess_s, s.diagnose_s, s.stabilize_s, s.stabilized_at, b.backdated,
                   r.regimes, r.filings, r.refs, r.supplements
            FROM incidents i
            LEFT JOIN o ON o.incident_id = i.id
            LEFT JOIN n ON n.incident_id = i.id
            LEFT JOIN s ON s.incident_id = i.id
            LEFT JOIN b ON b.incident_id = i.id
            LEFT JOIN r ON r.incident_id = i.id
            \(whereClause)
            ORDER BY i.number
            """
        var arguments: [String: (any DatabaseValueConvertible)?] = ["now": nowText]
        for (name, value) in windowArguments { arguments[name] = value }
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try cursor.next() { try body(Self.slaAggregate(row)) }
    }

    private static func slaAggregate(_ row: Row) -> SLAAggregate {
        func time(_ index: Int) -> Date? { (row[index] as String?).flatMap(RFC3339.parse) }
        func int(_ index: Int) -> Int { (row[index] as Int?) ?? 0 }
        var stageSeconds: [Stage: Double] = [:]
        for (offset, stage) in SLARow.reportedStages.enumerated() {
            if let seconds = row[20 + offset] as Int64? { stageSeconds[stage] = Double(seconds) }
        }
        return SLAAggregate(
            incidentID: row[0], title: row[1], kind: row[2], severity: row[3], stage: row[4],
            detectedAt: time(5), declaredAt: time(6), closedAt: time(7),
            tally: NotificationSLA.Tally(total: int(8), met: int(9), waived: int(10), metLate: int(11), waivedLate: int(12), overdue: int(13)),
            earliestDueAt: time(14), settledAt: time(15), notificationsDelivered: int(16), notificationsFailed: int(17),
            firstDeliveredAt: time(18), lastDeliveredAt: time(19), stageSeconds: stageSeconds, stabilizedAt: time(24), backdatedReceipts: int(25),
            regimes: SLAAggregate.strings(fromJSONArray: row[26]), filings: int(27),
            filingReferences: SLAAggregate.strings(fromJSONArray: row[28]), supplements: int(29))
    }

    func forEachNotificationOutcome(_ window: ReportWindow, incidentID: String?, _ body: (NotificationOutcomeEvent) throws -> Void) throws {
        typealias Key = NotificationQueued.Key
        var (conditions, windowArguments) = window.sqlConditions(column: "e.effective_at")
        var arguments: [String: (any DatabaseValueConvertible)?] = windowArguments
        conditions.insert("e.type IN ('notification.attempted', 'notification.delivered', 'notification.failed', '\(ObligationFiled.type)')", at: 0)
        if let incidentID {
            conditions.append("e.stream = :incident")
            arguments["incident"] = incidentID
        }
        // The queued event of the same notification, found within its stream (indexed by stream, version).
        let queued = """
            FROM events q WHERE q.stream = e.stream AND q.type = 'notification.queued'
              AND json_extract(q.payload, '$.\(Key.notificationID)') = json_extract(e.payload, '$.\(Key.notificationID)')
            ORDER BY q.version LIMIT 1
            """
        let sql = """
            SELECT e.sequence, e.stream, e.version, e.type, e.schema_version, e.payload, e.effective_at, e.recorded_at, e.actor,
                   e.prev_hash, e.hash,
                   (SELECT json_extract(q.payload, '$.\(Key.contactID)') \(queued)) AS contact_id,
                   (SELECT json_extract(q.payload, '$.\(Key.channel)') \(queued)) AS channel
            FROM events e
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY e.sequence
            """
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try cursor.next() {
            try body(NotificationOutcomeEvent(stored: StoredEvent(row: row), queuedContactID: row[11], queuedChannel: row[12]))
        }
    }

    func obligationDeadlines(_ window: ReportWindow) throws -> [ObligationRow] {
        let (conditions, arguments) = window.sqlConditions(column: "i.detected_at")
        let sql = """
            SELECT o.incident_id, o.obligation_id, o.title, o.due_at, o.met_at, o.waived_at
            FROM obligations o JOIN incidents i ON i.id = o.incident_id
            WHERE \((["i.declared_at IS NOT NULL", "o.due_at IS NOT NULL", "NOT " + WithdrawnObligationRows.sqlCondition(alias: "o.")] + conditions).joined(separator: " AND "))
            ORDER BY o.incident_id, o.due_at, o.obligation_id
            """
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
            ObligationRow(incidentID: row[0], obligationID: row[1], title: row[2], audience: nil, dueAt: row[3], metAt: row[4],
                          waivedAt: row[5], missedAt: nil)
        }
    }
}

extension ReportWindow {
    /// SQL conditions on a stored RFC 3339 column, with named arguments `:since` and `:until`.
    ///
    /// Stored times have whole seconds, so both bounds round up to the next whole second.
    func sqlConditions(column: String) -> (conditions: [String], arguments: [String: String]) {
        var conditions: [String] = [], arguments: [String: String] = [:]
        func bound(_ date: Date) -> String { RFC3339.format(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.up))) }
        if let since {
            conditions.append("\(column) >= :since")
            arguments["since"] = bound(since)
        }
        if let until {
            conditions.append("\(column) < :until")
            arguments["until"] = bound(until)
        }
        return (conditions, arguments)
    }
}

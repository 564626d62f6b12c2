import BreachDomain
import Foundation
import GRDB

/// `breach report sla`: one row per incident detected in the window, computed from the read models.
///
/// One SQL statement aggregates obligations, notifications and stage intervals per incident and is
/// read through a cursor, so rows stream out without replaying events or holding the report in memory.
public struct SLAReport: Sendable {
    public var window: ReportWindow
    /// The report's "now": open stage stints count up to it, and unmet obligations due by it are missed.
    public var now: Date

    public init(window: ReportWindow = ReportWindow(), now: Date) {
        self.window = window
        self.now = now
    }

    /// Calls `body` with each row, in incident order.
    public func forEachRow(in db: Database, _ body: (SLARow) throws -> Void) throws {
        let (conditions, windowArguments) = window.sqlConditions(column: "i.detected_at")
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // With a window, aggregate only the incidents inside it (index on detected_at), not the whole history.
        let inWindow = "incident_id IN (SELECT i.id FROM incidents i \(whereClause))"
        let scope = conditions.isEmpty ? "" : "WHERE " + inWindow
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
                FROM (SELECT *, (waived_at IS NOT NULL AND (met_at IS NULL OR waived_at <= met_at)) AS by_waiver FROM obligations \(scope))
                GROUP BY incident_id
            ), n AS (
                SELECT incident_id,
                       SUM(status = 'delivered') AS delivered,
                       SUM(status = 'failed') AS failed,
                       MIN(delivered_at) AS first_delivered,
                       MAX(delivered_at) AS last_delivered
                FROM notifications
                -- Escalation alerts to the team are not notifications of the affected parties.
                WHERE obligation_id <> '\(EscalationPlanner.obligationID)' \(conditions.isEmpty ? "" : "AND " + inWindow)
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
            )
            SELECT i.id, i.title, i.kind, i.severity, i.stage, i.detected_at, i.declared_at, i.closed_at,
                   o.total, o.met, o.waived, o.met_late, o.waived_late, o.overdue, o.deadline, o.settled_at,
                   n.delivered, n.failed, n.first_delivered, n.last_delivered,
                   s.detect_s, s.assess_s, s.diagnose_s, s.stabilize_s, s.stabilized_at, b.backdated
            FROM incidents i
            LEFT JOIN o ON o.incident_id = i.id
            LEFT JOIN n ON n.incident_id = i.id
            LEFT JOIN s ON s.incident_id = i.id
            LEFT JOIN b ON b.incident_id = i.id
            \(whereClause)
            ORDER BY i.number
            """
        var arguments: [String: (any DatabaseValueConvertible)?] = ["now": nowText]
        for (name, value) in windowArguments { arguments[name] = value }
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try cursor.next() {
            try body(Self.row(from: row))
        }
    }

    private static func row(from row: Row) -> SLARow {
        func time(_ index: Int) -> Date? { (row[index] as String?).flatMap(RFC3339.parse) }
        func int(_ index: Int) -> Int { (row[index] as Int?) ?? 0 }
        let declaredAt = time(6)
        let tally = NotificationSLA.Tally(total: int(8), met: int(9), waived: int(10), metLate: int(11), waivedLate: int(12),
                                          overdue: int(13))
        var stageSeconds: [Stage: Double] = [:]
        for (offset, stage) in SLARow.reportedStages.enumerated() {
            if let seconds = row[20 + offset] as Int64? { stageSeconds[stage] = Double(seconds) }
        }
        return SLARow(
            incidentID: row[0], title: row[1], kind: row[2], severity: row[3], stage: row[4],
            detectedAt: time(5) ?? Date(timeIntervalSince1970: 0), declaredAt: declaredAt, closedAt: time(7),
            notificationDeadline: declaredAt == nil ? nil : time(14),
            firstNotificationAt: time(18), lastNotificationAt: time(19),
            allNotifiedAt: declaredAt != nil && tally.allSettled ? time(15) : nil,
            notificationSLA: NotificationSLA.judge(declared: declaredAt != nil, tally),
            notificationsDelivered: int(16), notificationsFailed: int(17),
            stageSeconds: stageSeconds, stabilizedAt: time(24), backdatedReceipts: int(25)
        )
    }
}

extension IncidentService {
    /// Streams the SLA report of incidents detected in `window`, judged at the service clock's now.
    public func slaReport(_ window: ReportWindow, format: ReportFormat, to output: any ReportOutput) throws {
        let report = SLAReport(window: window, now: clock.now())
        try database.read { db in
            switch format {
            case .json: try report.writeJSON(in: db, to: output)
            default: try report.writeCSV(in: db, to: output)
            }
        }
    }

    /// The SLA rows of `window`, in memory (table output, summary, tests).
    public func slaRows(_ window: ReportWindow) throws -> [SLARow] {
        let report = SLAReport(window: window, now: clock.now())
        return try database.read { db in
            var rows: [SLARow] = []
            try report.forEachRow(in: db) { rows.append($0) }
            return rows
        }
    }
}

import BreachDomain
import Foundation

/// The reports' aggregates and the metrics' counts in PostgreSQL's SQL: the same questions as the SQLite
/// backend's (`SQLiteUnitOfWork+Reports`, `SQLiteMetricsQueries`), rows streamed through a cursor.
extension PostgresUnitOfWork {
    func forEachSLAAggregate(_ window: ReportWindow, now: Date, _ body: (SLAAggregate) throws -> Void) throws {
        var parameters: [String?] = [RFC3339.format(now)]
        let conditions = Self.windowConditions(window, column: "i.detected_at", parameters: &parameters)
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let inWindow = "incident_id IN (SELECT i.id FROM incidents i \(whereClause))"
        let scope = conditions.isEmpty ? "" : "WHERE " + inWindow
        // A withdrawn obligation (its `applies_when:` stopped holding) was never owed: not in the verdict.
        let owed = "WHERE NOT \(WithdrawnObligationRows.sqlCondition())" + (conditions.isEmpty ? "" : " AND " + inWindow)
        let sql = """
            WITH o AS (
                SELECT incident_id,
                       COUNT(*) AS total,
                       COUNT(*) FILTER (WHERE met_at IS NOT NULL AND NOT by_waiver) AS met,
                       COUNT(*) FILTER (WHERE by_waiver) AS waived,
                       COUNT(*) FILTER (WHERE met_at IS NOT NULL AND NOT by_waiver AND due_at IS NOT NULL AND met_at > due_at) AS met_late,
                       COUNT(*) FILTER (WHERE by_waiver AND due_at IS NOT NULL AND waived_at > due_at) AS waived_late,
                       COUNT(*) FILTER (WHERE met_at IS NULL AND waived_at IS NULL AND due_at IS NOT NULL AND due_at <= $1) AS overdue,
                       MIN(due_at) AS deadline,
                       MAX(CASE WHEN met_at IS NULL THEN waived_at WHEN waived_at IS NULL THEN met_at ELSE LEAST(met_at, waived_at) END) AS settled_at
                FROM (SELECT *, (waived_at IS NOT NULL AND (met_at IS NULL OR waived_at <= met_at)) AS by_waiver FROM obligations \(owed)) x
                GROUP BY incident_id
            ), n AS (
                SELECT incident_id,
                       COUNT(*) FILTER (WHERE status = 'delivered') AS delivered,
                       COUNT(*) FILTER (WHERE status = 'failed') AS failed,
                       MIN(delivered_at) AS first_delivered,
                       MAX(delivered_at) AS last_delivered
                FROM notifications
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
                             GREATEST(0, floor(extract(epoch FROM COALESCE(left_at, $1)::timestamptz))
                                         - floor(extract(epoch FROM entered_at::timestamptz)))::bigint AS seconds
                      FROM stage_intervals \(scope)) y
                GROUP BY incident_id
            ), b AS (
                SELECT stream AS incident_id, COUNT(*) AS backdated FROM events WHERE backdated GROUP BY stream
            ), r AS (
                -- Issue 15: regimes applied, filings made elsewhere, supplements; JSON arrays keep log order.
                SELECT stream AS incident_id,
                       json_agg(payload::jsonb ->> '\(RegimeApplied.Key.regime)' ORDER BY sequence)
                           FILTER (WHERE type = '\(RegimeApplied.type)') AS regimes,
                       COUNT(*) FILTER (WHERE type = '\(ObligationFiled.type)') AS filings,
                       json_agg(payload::jsonb ->> '\(ObligationFiled.Key.reference)' ORDER BY sequence)
                           FILTER (WHERE type = '\(ObligationFiled.type)') AS refs,
                       COUNT(*) FILTER (WHERE type = '\(SupplementRecorded.type)') AS supplements
                FROM events
                WHERE type IN ('\(RegimeApplied.type)', '\(ObligationFiled.type)', '\(SupplementRecorded.type)')
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
        try store.run { connection in
            try connection.forEachRow(sql, parameters, batch: 5_000) { rows, row in try body(Self.slaAggregate(rows, row)) }
        }
    }

    private static func slaAggregate(_ rows: PGResult, _ row: Int) -> SLAAggregate {
        func time(_ column: Int) -> Date? { rows.text(row, column).flatMap(RFC3339.parse) }
        func int(_ column: Int) -> Int { rows.int(row, column) ?? 0 }
        var stageSeconds: [Stage: Double] = [:]
        for (offset, stage) in SLARow.reportedStages.enumerated() {
            if let seconds = rows.double(row, 20 + offset) { stageSeconds[stage] = seconds }
        }
        return SLAAggregate(
            incidentID: rows.string(row, 0), title: rows.string(row, 1), kind: rows.string(row, 2), severity: rows.string(row, 3),
            stage: rows.string(row, 4), detectedAt: time(5), declaredAt: time(6), closedAt: time(7),
            tally: NotificationSLA.Tally(total: int(8), met: int(9), waived: int(10), metLate: int(11), waivedLate: int(12), overdue: int(13)),
            earliestDueAt: time(14), settledAt: time(15), notificationsDelivered: int(16), notificationsFailed: int(17),
            firstDeliveredAt: time(18), lastDeliveredAt: time(19), stageSeconds: stageSeconds, stabilizedAt: time(24),
            backdatedReceipts: int(25), regimes: SLAAggregate.strings(fromJSONArray: rows.text(row, 26)), filings: int(27),
            filingReferences: SLAAggregate.strings(fromJSONArray: rows.text(row, 28)), supplements: int(29))
    }

    func forEachNotificationOutcome(_ window: ReportWindow, incidentID: String?, _ body: (NotificationOutcomeEvent) throws -> Void) throws {
        typealias Key = NotificationQueued.Key
        var parameters: [String?] = []
        var conditions = ["e.type IN ('notification.attempted', 'notification.delivered', 'notification.failed', '\(ObligationFiled.type)')"]
        conditions += Self.windowConditions(window, column: "e.effective_at", parameters: &parameters)
        if let incidentID {
            parameters.append(incidentID)
            conditions.append("e.stream = $\(parameters.count)")
        }
        let columns = Self.eventColumns.split(separator: ",").map { "e." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        let sql = """
            SELECT \(columns), q.payload::jsonb ->> '\(Key.contactID)', q.payload::jsonb ->> '\(Key.channel)'
            FROM events e
            LEFT JOIN LATERAL (
                SELECT q.payload FROM events q
                WHERE q.stream = e.stream AND q.type = 'notification.queued'
                  AND q.payload::jsonb ->> '\(Key.notificationID)' = e.payload::jsonb ->> '\(Key.notificationID)'
                ORDER BY q.version LIMIT 1
            ) q ON true
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY e.sequence
            """
        try store.run { connection in
            try connection.forEachRow(sql, parameters) { rows, row in
                try body(NotificationOutcomeEvent(stored: Self.event(rows, row), queuedContactID: rows.text(row, 11), queuedChannel: rows.text(row, 12)))
            }
        }
    }

    func obligationDeadlines(_ window: ReportWindow) throws -> [ObligationRow] {
        var parameters: [String?] = []
        let conditions = ["i.declared_at IS NOT NULL", "o.due_at IS NOT NULL", "NOT " + WithdrawnObligationRows.sqlCondition(alias: "o.")]
            + Self.windowConditions(window, column: "i.detected_at", parameters: &parameters)
        let rows = try sql("""
            SELECT o.incident_id, o.obligation_id, o.title, o.due_at, o.met_at, o.waived_at
            FROM obligations o JOIN incidents i ON i.id = o.incident_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY o.incident_id, o.due_at, o.obligation_id
            """, parameters)
        return (0..<rows.count).map { row in
            ObligationRow(incidentID: rows.string(row, 0), obligationID: rows.string(row, 1), title: rows.string(row, 2), audience: nil,
                          dueAt: rows.text(row, 3), metAt: rows.text(row, 4), waivedAt: rows.text(row, 5), missedAt: nil)
        }
    }

    /// `column >= since` and `column < until` as numbered parameters appended to `parameters` (the same
    /// whole-second rounding as `ReportWindow.sqlConditions`).
    private static func windowConditions(_ window: ReportWindow, column: String, parameters: inout [String?]) -> [String] {
        let (conditions, named) = window.sqlConditions(column: column)
        return conditions.map { condition in
            var condition = condition
            for name in ["since", "until"] where condition.contains(":\(name)") {
                parameters.append(named[name])
                condition = condition.replacingOccurrences(of: ":\(name)", with: "$\(parameters.count)")
            }
            return condition
        }
    }

    // MARK: MetricsQueries

    func metricsSnapshot(now: Date) throws -> MetricsSnapshot {
        let at = RFC3339.format(now)
        var snapshot = MetricsSnapshot()
        for stage in Stage.allCases where stage != .closed { snapshot.openIncidentsByStage[stage] = 0 }
        let stages = try sql("SELECT stage, COUNT(*) FROM incidents WHERE stage <> 'closed' GROUP BY stage")
        for row in 0..<stages.count {
            if let stage = Stage(rawValue: stages.string(row, 0)) { snapshot.openIncidentsByStage[stage] = stages.int(row, 1) ?? 0 }
        }
        for status in [Obligation.Status.pending, .met, .waived, .missed] { snapshot.obligationsByStatus[status] = 0 }
        let statuses = try sql("""
            SELECT CASE
                     WHEN \(WithdrawnObligationRows.sqlCondition()) THEN 'withdrawn'
                     WHEN waived_at IS NOT NULL THEN 'waived'
                     WHEN met_at IS NOT NULL THEN 'met'
                     WHEN missed_at IS NOT NULL OR (due_at IS NOT NULL AND due_at <= $1) THEN 'missed'
                     ELSE 'pending'
                   END AS status, COUNT(*)
            FROM obligations GROUP BY 1
            """, [at])
        for row in 0..<statuses.count {
            if let status = Obligation.Status(rawValue: statuses.string(row, 0)) { snapshot.obligationsByStatus[status] = statuses.int(row, 1) ?? 0 }
        }
        snapshot.overdueObligations = try sql("""
            SELECT COUNT(*) FROM obligations WHERE met_at IS NULL AND waived_at IS NULL AND due_at IS NOT NULL AND due_at <= $1
            """, [at]).int(0, 0) ?? 0
        snapshot.nextDeadline = try sql("""
            SELECT MIN(due_at) FROM obligations WHERE met_at IS NULL AND waived_at IS NULL AND due_at IS NOT NULL AND due_at > $1
            """, [at]).text(0, 0).flatMap(RFC3339.parse)
        for channel in NotificationChannel.allCases {
            for status in ["queued", "retrying", "delivered", "failed"] {
                snapshot.notifications[.init(channel: channel.rawValue, status: status)] = 0
            }
            for outcome in ["delivered", "retry", "failed"] {
                snapshot.deliveryAttempts[.init(channel: channel.rawValue, outcome: outcome)] = 0
            }
        }
        let notifications = try sql("SELECT channel, status, COUNT(*), COALESCE(SUM(attempts), 0) FROM notifications GROUP BY channel, status")
        for row in 0..<notifications.count {
            let channel = notifications.string(row, 0), status = notifications.string(row, 1)
            let count = notifications.int(row, 2) ?? 0, attempts = notifications.int(row, 3) ?? 0
            snapshot.notifications[.init(channel: channel, status: status), default: 0] += count
            let final = status == "delivered" || status == "failed" ? min(count, attempts) : 0
            if final > 0 { snapshot.deliveryAttempts[.init(channel: channel, outcome: status), default: 0] += final }
            snapshot.deliveryAttempts[.init(channel: channel, outcome: "retry"), default: 0] += attempts - final
        }
        snapshot.events = try sql("SELECT COALESCE(MAX(sequence), 0) FROM events").int(0, 0) ?? 0
        return snapshot
    }
}

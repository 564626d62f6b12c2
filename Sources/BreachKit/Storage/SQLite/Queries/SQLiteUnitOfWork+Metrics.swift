import BreachDomain
import Foundation
import GRDB

/// Every SQL statement the metrics need: each reads a read model (incidents, obligations, notifications)
/// or the head of the log, never scans the events, so a metrics pass costs the size of the read models,
/// like `list`, not of the history.
enum SQLiteMetricsQueries {
    static let openIncidentsByStageSQL = "SELECT stage, COUNT(*) FROM incidents WHERE stage <> 'closed' GROUP BY stage"

    /// Status at `?` (the effective time), as `Obligation.status(at:)` decides it (withdrawn ones are
    /// counted under their own status, which the metrics do not export, never as waived).
    static let obligationsByStatusSQL = """
        SELECT CASE
                 WHEN \(WithdrawnObligationRows.sqlCondition()) THEN 'withdrawn'
                 WHEN waived_at IS NOT NULL THEN 'waived'
                 WHEN met_at IS NOT NULL THEN 'met'
                 WHEN missed_at IS NOT NULL OR (due_at IS NOT NULL AND due_at <= ?1) THEN 'missed'
                 ELSE 'pending'
               END AS status, COUNT(*)
        FROM obligations GROUP BY status
        """

    static let overdueObligationsSQL = """
        SELECT COUNT(*) FROM obligations
        WHERE met_at IS NULL AND waived_at IS NULL AND due_at IS NOT NULL AND due_at <= ?
        """

    static let nextDeadlineSQL = """
        SELECT MIN(due_at) FROM obligations
        WHERE met_at IS NULL AND waived_at IS NULL AND due_at IS NOT NULL AND due_at > ?
        """

    /// Attempts per (channel, status): a delivered or failed notification's last attempt had that outcome,
    /// every other attempt was a retry; the attempt count is what the log's attempt events add up to.
    static let notificationsSQL = """
        SELECT channel, status, COUNT(*), COALESCE(SUM(attempts), 0) FROM notifications GROUP BY channel, status
        """

    static let eventCountSQL = "SELECT COALESCE(MAX(sequence), 0) FROM events"

    static func snapshot(_ db: Database, now: Date) throws -> MetricsSnapshot {
        let at = RFC3339.format(now)
        var snapshot = MetricsSnapshot()
        for stage in Stage.allCases where stage != .closed { snapshot.openIncidentsByStage[stage] = 0 }
        for row in try Row.fetchAll(db, sql: openIncidentsByStageSQL) {
            if let stage = Stage(rawValue: row[0] as String) { snapshot.openIncidentsByStage[stage] = row[1] }
        }
        for status in [Obligation.Status.pending, .met, .waived, .missed] { snapshot.obligationsByStatus[status] = 0 }
        for row in try Row.fetchAll(db, sql: obligationsByStatusSQL, arguments: [at]) {
            if let status = Obligation.Status(rawValue: row[0] as String) { snapshot.obligationsByStatus[status] = row[1] }
        }
        snapshot.overdueObligations = try Int.fetchOne(db, sql: overdueObligationsSQL, arguments: [at]) ?? 0
        snapshot.nextDeadline = try String.fetchOne(db, sql: nextDeadlineSQL, arguments: [at]).flatMap(RFC3339.parse)
        for channel in NotificationChannel.allCases {
            for status in ["queued", "retrying", "delivered", "failed"] {
                snapshot.notifications[.init(channel: channel.rawValue, status: status)] = 0
            }
            for outcome in ["delivered", "retry", "failed"] {
                snapshot.deliveryAttempts[.init(channel: channel.rawValue, outcome: outcome)] = 0
            }
        }
        for row in try Row.fetchAll(db, sql: notificationsSQL) {
            let channel: String = row[0], status: String = row[1], count: Int = row[2], attempts: Int = row[3]
            snapshot.notifications[.init(channel: channel, status: status), default: 0] += count
            let final = status == "delivered" || status == "failed" ? min(count, attempts) : 0
            if final > 0 { snapshot.deliveryAttempts[.init(channel: channel, outcome: status), default: 0] += final }
            snapshot.deliveryAttempts[.init(channel: channel, outcome: "retry"), default: 0] += attempts - final
        }
        snapshot.events = try Int.fetchOne(db, sql: eventCountSQL) ?? 0
        return snapshot
    }
}

extension SQLiteUnitOfWork {
    func metricsSnapshot(now: Date) throws -> MetricsSnapshot {
        try SQLiteMetricsQueries.snapshot(db, now: now)
    }
}

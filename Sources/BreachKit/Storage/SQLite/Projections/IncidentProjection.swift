import BreachDomain
import Foundation
import GRDB

/// The read models of one incident, derived from its folded state.
///
/// One function per table computes the rows and is used both to write them (after an append, in the same
/// transaction, only the rows the append touched: `write(_:scope:in:)`; all of them on `rebuild`) and by
/// `verify` to compare what is stored with a fresh fold — so the two cannot drift.
public struct IncidentProjection: Equatable, Sendable {
    /// Rows per read-model table, each row as the values of `columns[table]` in order.
    public var tables: [String: [[DatabaseValue]]]

    /// The read-model tables that hold per-incident rows, and their columns in a fixed order.
    public static let columns: [(table: String, columns: [String])] = [
        ("incidents", ["id", "number", "title", "kind", "severity", "summary", "stage", "detected_at", "declared_at", "aware_at",
                       "determined_at", "closed_at", "resolution", "assignee", "next_deadline_at", "outstanding_obligations", "version"]),
        ("stage_intervals", ["incident_id", "position", "stage", "entered_at", "left_at"]),
        ("obligations", ["incident_id", "obligation_id", "title", "audience", "due_at", "met_at", "waived_at", "waiver_reason",
                         "waived_by", "missed_at"]),
        ("notifications", ["notification_id", "incident_id", "obligation_id", "contact_id", "channel", "status", "attempts",
                           "last_error", "queued_at", "delivered_at", "next_attempt_at"]),
        ("due_work", ["incident_id", "work", "due_at"]),
    ]

    /// Computes the rows for `incident`.
    public init(_ incident: Incident) {
        let id = incident.id.databaseValue
        var tables: [String: [[DatabaseValue]]] = [:]
        tables["incidents"] = [Self.incidentRow(incident)]
        tables["stage_intervals"] = Self.stageIntervalRows(incident)
        tables["obligations"] = incident.obligations.map { Self.obligationRow($0, incidentID: id) }
        tables["notifications"] = incident.notifications.map { Self.notificationRow($0, incidentID: id) }
        tables["due_work"] = DueWork.items(for: incident).map { Self.dueWorkRow($0, incidentID: id) }
        self.tables = tables
    }

    // MARK: Rows (one function per table, shared by the full and the scoped writes and by `verify`)

    static func incidentRow(_ incident: Incident) -> [DatabaseValue] {
        [
            incident.id.databaseValue, (IncidentID.number(of: incident.id) ?? 0).databaseValue, incident.title.databaseValue,
            incident.kind.databaseValue, incident.severity.rawValue.databaseValue, text(incident.summary),
            incident.stage.rawValue.databaseValue, time(incident.detectedAt), time(incident.declaredAt), time(incident.awareAt),
            time(incident.determinedAt), time(incident.closedAt), text(incident.resolution), text(incident.assignee),
            time(incident.nextDeadline), incident.obligations.filter(\.isOutstanding).count.databaseValue,
            incident.version.databaseValue,
        ]
    }

    static func stageIntervalRows(_ incident: Incident) -> [[DatabaseValue]] {
        let id = incident.id.databaseValue
        return incident.stageIntervals.enumerated().map { position, interval in
            [id, position.databaseValue, interval.stage.rawValue.databaseValue, time(interval.enteredAt), time(interval.leftAt)]
        }
    }

    static func obligationRow(_ obligation: Obligation, incidentID id: DatabaseValue) -> [DatabaseValue] {
        [id, obligation.id.databaseValue, obligation.title.databaseValue, text(obligation.snapshot.audienceText),
         time(obligation.dueAt), time(obligation.metAt), time(obligation.waivedAt ?? obligation.withdrawnAt),
         text(obligation.waiverReason ?? obligation.withdrawalReason.map { ObligationWithdrawn.reasonPrefix + $0 }),
         text(obligation.waivedBy ?? (obligation.withdrawnAt == nil ? nil : ObligationWithdrawn.actor)), time(obligation.missedAt)]
    }

    static func notificationRow(_ notification: IncidentNotification, incidentID id: DatabaseValue) -> [DatabaseValue] {
        [notification.id.databaseValue, id, notification.obligationID.databaseValue, notification.contactID.databaseValue,
         notification.channel.rawValue.databaseValue, notification.status.rawValue.databaseValue,
         notification.attempts.databaseValue, text(notification.lastError), time(notification.queuedAt),
         time(notification.deliveredAt), time(notification.nextAttemptAt)]
    }

    static func dueWorkRow(_ item: DueWork.Item, incidentID id: DatabaseValue) -> [DatabaseValue] {
        [id, item.work.databaseValue, time(item.dueAt)]
    }

    private static func time(_ date: Date?) -> DatabaseValue { date.map { RFC3339.format($0).databaseValue } ?? .null }
    private static func text(_ value: String?) -> DatabaseValue { value?.databaseValue ?? .null }

    /// Reads the stored rows of `incidentID`, for comparison with a fresh fold.
    public static func stored(incidentID: String, in db: Database) throws -> IncidentProjection {
        var tables: [String: [[DatabaseValue]]] = [:]
        for (table, columns) in columns {
            let key = table == "incidents" ? "id" : "incident_id"
            let order = table == "stage_intervals" ? "position" : columns[table == "incidents" || table == "notifications" ? 0 : 1]
            // Cached: `verify` asks for every incident's rows, and preparing the statements anew each time
            // was two thirds of its work.
            let statement = try db.cachedStatement(sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE \(key) = ? ORDER BY \(order)")
            let rows = try Row.fetchAll(statement, arguments: [incidentID])
            tables[table] = rows.map { row in columns.indices.map { row[$0] as DatabaseValue } }
        }
        return IncidentProjection(tables: tables)
    }

    init(tables: [String: [[DatabaseValue]]]) { self.tables = tables }

    /// The same rows in the order `stored(...)` reads them, so two projections compare equal.
    public func normalized() -> IncidentProjection {
        var copy = self
        for (table, _) in Self.columns {
            let sortColumn = table == "incidents" || table == "notifications" ? 0 : 1
            copy.tables[table] = (tables[table] ?? []).sorted { lhs, rhs in
                lhs[sortColumn].description < rhs[sortColumn].description
                    || (lhs[sortColumn] == rhs[sortColumn] && (lhs.count > 1 && rhs.count > 1) && lhs[1].description < rhs[1].description)
            }
        }
        if let intervals = copy.tables["stage_intervals"] {
            copy.tables["stage_intervals"] = intervals.sorted { (Int.fromDatabaseValue($0[1]) ?? 0) < (Int.fromDatabaseValue($1[1]) ?? 0) }
        }
        return copy
    }

    /// The first difference from `other`, described for a human, or nil when they are equal.
    public func firstDifference(from other: IncidentProjection) -> String? {
        for (table, columns) in Self.columns {
            let mine = tables[table] ?? [], theirs = other.tables[table] ?? []
            if mine.count != theirs.count { return "\(table): \(theirs.count) stored rows, \(mine.count) expected" }
            for (rowIndex, (a, b)) in zip(mine, theirs).enumerated() where a != b {
                let column = zip(columns, zip(a, b)).first { $0.1.0 != $0.1.1 }
                return "\(table) row \(rowIndex + 1): \(column?.0 ?? "?") is \(column?.1.1.description ?? "?"), expected \(column?.1.0.description ?? "?")"
            }
        }
        return nil
    }
}

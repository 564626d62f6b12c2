import BreachDomain
import Foundation

/// Keeps PostgreSQL's read models in step with the log: the rows an append touched (in its transaction),
/// and every row on `rebuild`. The rows themselves come from `ProjectionText`, which the SQLite backend's
/// `IncidentProjection` computes, so the two backends' read models cannot drift apart.
enum PostgresProjector {
    /// Writes the rows of `incident` that an append scoped by `scope` can have changed (as the SQLite
    /// backend's `IncidentProjection.write(_:scope:in:)` does: upserts in place, whole-table rewrites
    /// only of what the events touch).
    static func write(_ incident: Incident, scope: ProjectionScope, in unit: PostgresUnitOfWork) throws {
        let id = incident.id
        try unit.sql(upsert("incidents", conflict: ["id"]), ProjectionText.incident(incident))
        if scope.stageIntervals {
            try unit.sql("DELETE FROM stage_intervals WHERE incident_id = $1", [id])
            try insertRows("stage_intervals", ProjectionText.stageIntervals(incident), in: unit)
        }
        if scope.obligations {
            try unit.sql("DELETE FROM obligations WHERE incident_id = $1", [id])
            try insertRows("obligations", incident.obligations.map { ProjectionText.obligation($0, incidentID: id) }, in: unit)
            try unit.sql("DELETE FROM due_work WHERE incident_id = $1 AND work >= $2 AND work < $3",
                         [id, DueWork.obligationPrefix, String(DueWork.obligationPrefix.dropLast()) + ";"])
            for item in DueWork.obligationItems(for: incident) {
                try unit.sql(upsert("due_work", conflict: ["incident_id", "work"]), ProjectionText.dueWork(item, incidentID: id))
            }
        }
        // A few statements per append, whatever the number of notifications it touched: one upsert per row
        // was two round trips per notification queued or recorded.
        var notificationRows: [[String?]] = [], dueRows: [[String?]] = [], notDue: [String] = []
        for notificationID in scope.notificationIDs {
            guard let notification = incident.notification(notificationID) else { continue }
            notificationRows.append(ProjectionText.notification(notification, incidentID: id))
            if let item = DueWork.item(for: notification) {
                dueRows.append(ProjectionText.dueWork(item, incidentID: id))
            } else {
                notDue.append(DueWork.notificationWork(notification.id))
            }
        }
        try insertRows("notifications", notificationRows, onConflict: ["notification_id"], in: unit)
        try insertRows("due_work", dueRows, onConflict: ["incident_id", "work"], in: unit)
        if !notDue.isEmpty {
            try unit.planning(without: deleteDueItemsDisables) { try unit.sql(deleteDueItems, [id, PostgresUnitOfWork.array(notDue)]) }
        }
    }

    /// Deletes one incident's due items by key (`$1` the incident, `$2` the work keys): each key one probe of
    /// the primary key, whatever the table's statistics say.
    ///
    /// `incident_id = $1 AND work = ANY($2)` was planned from the statistics, and those are stale exactly
    /// when it matters: taken while `due_work` held an incident's three obligations, they said the incident
    /// had a few rows, so each recorded chunk read all of its due items (a sequential or bitmap scan: 3.3 ms
    /// a chunk at 10,000 queued, 28 ms at 50,000, where the deletes took 29.5 s of a 47 s `notify`). A key
    /// per scalar subquery is planned on its own, with equality on the whole primary key, and the rows are
    /// then deleted by their `ctid`. Run with `deleteDueItemsDisables` off: the same statistics made a scan
    /// of the table filtered on `ctid` look cheaper than fetching the rows by it. Writers hold
    /// `PostgresStore.writerLock`, so no other transaction moves a row between the two.
    static let deleteDueItems = """
        DELETE FROM due_work WHERE ctid = ANY(ARRAY(
          SELECT (SELECT ctid FROM due_work WHERE incident_id = $1 AND work = k.work) FROM unnest($2::text[]) AS k(work)))
        """

    /// The planner methods `deleteDueItems` runs without (`PostgresUnitOfWork.planning(without:)`).
    static let deleteDueItemsDisables = ["enable_seqscan"]

    /// `INSERT INTO table (columns) VALUES ($1, …)`.
    static func insert(_ table: String) -> String {
        let names = ProjectionText.columns(of: table)
        return "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\((1...names.count).map { "$\($0)" }.joined(separator: ", ")))"
    }

    /// An insert that updates the row in place when its key exists.
    static func upsert(_ table: String, conflict: [String]) -> String {
        insert(table) + onConflict(conflict, columns: ProjectionText.columns(of: table))
    }

    /// The clause that turns an insert into an upsert on `conflict` ("" for none).
    private static func onConflict(_ conflict: [String], columns: [String]) -> String {
        guard !conflict.isEmpty else { return "" }
        let updates = columns.filter { !conflict.contains($0) }.map { "\($0) = excluded.\($0)" }
        return " ON CONFLICT (\(conflict.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))"
    }

    /// Inserts `rows` into `table` with as few statements as the parameter limit allows; with `onConflict`
    /// (the key), a row whose key exists is updated in place. The rows' keys must be distinct.
    static func insertRows(_ table: String, _ rows: [[String?]], onConflict conflict: [String] = [], in unit: PostgresUnitOfWork) throws {
        guard !rows.isEmpty else { return }
        try insertRows(table, columns: ProjectionText.columns(of: table), rows, onConflict: conflict, in: unit)
    }

    static func insertRows(_ table: String, columns: [String], _ rows: [[String?]], onConflict conflict: [String] = [],
                           in unit: PostgresUnitOfWork) throws {
        let clause = onConflict(conflict, columns: columns)
        let perStatement = max(1, 30_000 / columns.count)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            var parameters: [String?] = []
            parameters.reserveCapacity(chunk.count * columns.count)
            var tuples: [String] = []
            tuples.reserveCapacity(chunk.count)
            for row in chunk {
                let base = parameters.count
                tuples.append("(" + (1...columns.count).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
                parameters += row
            }
            let text = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))" + clause
            _ = try unit.store.run { try chunk.count == 1 ? $0.prepared(text, parameters) : $0.query(text, parameters) }
            start += chunk.count
        }
    }
}

extension PostgresUnitOfWork {
    /// Empties every read model and refolds them from the log in (stream, version) order, streaming it
    /// through a cursor: memory holds one stream and one batch of rows, whatever the log's size.
    func rebuild(progress: ((Int) -> Void)?) throws -> RebuildStats {
        for table in PostgresSchema.readModels where table != "delivery_leases" { try sql("DELETE FROM \(table)") }
        var pending: [String: [[String?]]] = [:]
        var pendingCount = 0
        var events = 0, incidents = 0, reported = 0
        func flush() throws {
            for (table, _) in IncidentProjection.columns {
                if let rows = pending[table] { try PostgresProjector.insertRows(table, rows, in: self) }
            }
            if let rows = pending["timeline"] {
                try PostgresProjector.insertRows("timeline", columns: ["incident_id", "sequence", "summary"], rows, in: self)
            }
            if let rows = pending["contacts"] { try PostgresProjector.insertRows("contacts", rows, in: self) }
            pending.removeAll(keepingCapacity: true)
            pendingCount = 0
        }
        try forEachStream { stream, stored in
            events += stored.count
            switch try StreamFold.fold(stream: stream, stored) {
            case let .contact(_, contact):
                if let contact { pending["contacts", default: []].append(ProjectionText.contact(contact)) }
            case .audit:
                break
            case let .incident(incident, decoded):
                guard let incident else { return }
                incidents += 1
                for (table, rows) in ProjectionText.all(incident) { pending[table, default: []] += rows }
                for (event, recorded) in zip(stored, decoded) {
                    pending["timeline", default: []].append([stream, String(event.sequence), TimelineEntry.summary(of: recorded.event)])
                }
            }
            pendingCount += stored.count
            if pendingCount >= 5_000 { try flush() }
            if events / 100_000 > reported {
                reported = events / 100_000
                progress?(events)
            }
        }
        try flush()
        return RebuildStats(events: events, incidents: incidents)
    }

    /// Calls `body` with each stream's stored events, in (stream, version) order.
    func forEachStream(_ body: (String, [StoredEvent]) throws -> Void) throws {
        var current: String?
        var events: [StoredEvent] = []
        try store.run { connection in
            try connection.forEachRow("SELECT \(Self.eventColumns) FROM events ORDER BY stream, version") { rows, row in
                let event = Self.event(rows, row)
                if event.stream != current {
                    if let current { try body(current, events) }
                    current = event.stream
                    events.removeAll(keepingCapacity: true)
                }
                events.append(event)
            }
        }
        if let current { try body(current, events) }
    }

    /// Calls `body` with every event in sequence order.
    func forEachEvent(_ body: (StoredEvent) throws -> Void) throws {
        try store.run { connection in
            try connection.forEachRow("SELECT \(Self.eventColumns) FROM events ORDER BY sequence") { rows, row in
                try body(Self.event(rows, row))
            }
        }
    }
}

extension PostgresUnitOfWork: EventLogScanner, EventImporter {
    func importEvents(_ events: [StoredEvent]) throws {
        // The copy keeps each event's actor: allowed only to an admin, only in this transaction (`events_check`).
        try sql("SELECT set_config('breach.copying', 'on', true)")
        try insert(events, withActor: true)
        if let last = events.last { chainHead = ChainHead(sequence: last.sequence, hash: last.hash) }
    }
}

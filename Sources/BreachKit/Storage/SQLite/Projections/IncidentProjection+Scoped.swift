import BreachDomain
import Foundation
import GRDB

extension IncidentProjection {
    /// Writes the rows of `incident` that an append scoped by `scope` can have changed, in the caller's
    /// transaction: the incident's row, its stage intervals and obligations (with their due work) when
    /// the scope says so, and each named notification with its due-work row.
    ///
    /// The stored rows must be those of the state before the append (every append is projected in its
    /// own unit of work, and `rebuild` starts from the whole log), so the result equals a full rewrite —
    /// which `verify` checks against a fresh fold. Rows are upserted in place, never deleted and
    /// re-inserted, so a chunk of deliveries costs its own rows whatever the incident's size.
    static func write(_ incident: Incident, scope: ProjectionScope, in db: Database) throws {
        let id = incident.id.databaseValue
        try run(Scoped.upsertIncident, [incidentRow(incident)], in: db)
        if scope.stageIntervals {
            try run(Scoped.deleteStageIntervals, [[id]], in: db)
            try run(Scoped.insertStageInterval, stageIntervalRows(incident), in: db)
        }
        if scope.obligations {
            try run(Scoped.deleteObligations, [[id]], in: db)
            try run(Scoped.insertObligation, incident.obligations.map { obligationRow($0, incidentID: id) }, in: db)
            try run(Scoped.deleteObligationWork, [[id]], in: db)
            try run(Scoped.upsertDueWork, DueWork.obligationItems(for: incident).map { dueWorkRow($0, incidentID: id) }, in: db)
        }
        guard !scope.notificationIDs.isEmpty else { return }
        // Many rows per statement: queueing 10,000 notifications is 10,000 rows in each table, and SQLite's
        // work per statement was a third of each. Each notification has its own keys, and every row is
        // computed from the one final state, so batching the writes cannot reorder anything that matters.
        var upsertNotifications = try MultiRowInsert(table: "notifications", columns: Scoped.columns("notifications"), refusal: .abortsStatement,
                                                     upsert: Scoped.updateNotificationOnConflict, in: db)
        var upsertWork = try MultiRowInsert(table: "due_work", columns: Scoped.columns("due_work"), refusal: .abortsStatement,
                                            upsert: Scoped.updateOnConflict("due_work", key: ["incident_id", "work"]), in: db)
        var finishedWork: [String] = []
        for notificationID in scope.notificationIDs {
            // An event about a notification the fold does not know (evolve ignores it) has no row to write.
            guard let notification = incident.notification(notificationID) else { continue }
            try upsertNotifications.insert(notificationRow(notification, incidentID: id))
            if let item = DueWork.item(for: notification) {
                try upsertWork.insert(dueWorkRow(item, incidentID: id))
            } else {
                finishedWork.append(DueWork.notificationWork(notification.id))
            }
        }
        try upsertNotifications.finish()
        try upsertWork.finish()
        try deleteDueWork(finishedWork, incidentID: incident.id, in: db)
    }

    /// Deletes the due-work rows `works` of one incident, many keys to a statement (a delivered chunk's).
    private static func deleteDueWork(_ works: [String], incidentID: String, in db: Database) throws {
        for run in StatementShapes.runs(of: works.count, largest: MultiRowInsert<[DatabaseValue]>.rowsPerInsert) {
            var delete = try BoundStatement(sql: Scoped.deleteDueWork(keys: run.count), in: db)
            delete.bind(incidentID)
            for work in works[run] { delete.bind(work) }
            try delete.run()
        }
    }

    private static func run(_ sql: String, _ rows: [[DatabaseValue]], in db: Database) throws {
        guard !rows.isEmpty else { return }
        var statement = try BoundStatement(sql: sql, in: db)
        for row in rows {
            for value in row { statement.bind(value) }
            try statement.run()
        }
    }

    /// The statements of the scoped write, built once from `columns` (prepared once per connection).
    enum Scoped {
        static let upsertIncident = upsert("incidents", key: ["id"])
        static let deleteStageIntervals = "DELETE FROM stage_intervals WHERE incident_id = ?"
        static let insertStageInterval = insert("stage_intervals")
        static let deleteObligations = "DELETE FROM obligations WHERE incident_id = ?"
        static let insertObligation = insert("obligations")
        /// The obligations' work items: from `obligation:` up to (not including) `obligation;`, a key range.
        static let deleteObligationWork =
            "DELETE FROM due_work WHERE incident_id = ? AND work >= '\(DueWork.obligationPrefix)' AND work < '\(DueWork.obligationPrefix.dropLast());'"
        static let upsertDueWork = upsert("due_work", key: ["incident_id", "work"])
        /// One incident's due-work rows by key (`keys` of them): probes of the primary key.
        static func deleteDueWork(keys: Int) -> String {
            "DELETE FROM due_work WHERE incident_id = ? AND work IN (" + Array(repeating: "?", count: keys).joined(separator: ", ") + ")"
        }

        static func columns(_ table: String) -> [String] {
            IncidentProjection.columns.first { $0.table == table }!.columns
        }

        static func insert(_ table: String) -> String {
            let names = columns(table)
            return "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
        }

        /// An insert that updates the row in place (same rowid, no delete) when its key exists.
        static func upsert(_ table: String, key: [String]) -> String {
            insert(table) + " " + updateOnConflict(table, key: key)
        }

        /// A notification row's update when it exists: only what an attempt changes. Who, what, for which
        /// obligation and when it was queued are fixed when it is queued (the fold ignores a second
        /// `notification.queued` for an id); naming `incident_id` here made SQLite delete and re-insert the
        /// row's entry in `notifications_by_incident` for every recorded outcome.
        static let updateNotificationOnConflict = updateOnConflict("notifications", key: ["notification_id"],
                                                                   fixed: ["incident_id", "obligation_id", "contact_id", "channel", "queued_at"])

        /// The clause that turns an insert into `table` into an update of every other column (but the `fixed`
        /// ones) when `key` exists.
        static func updateOnConflict(_ table: String, key: [String], fixed: [String] = []) -> String {
            let updates = columns(table).filter { !key.contains($0) && !fixed.contains($0) }.map { "\($0) = excluded.\($0)" }
            return "ON CONFLICT(\(key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))"
        }
    }
}

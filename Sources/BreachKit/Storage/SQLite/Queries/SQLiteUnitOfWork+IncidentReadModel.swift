import BreachDomain
import Foundation
import GRDB

/// The incident read models' questions, as SQL over `incidents`, `obligations`, `notifications`,
/// `timeline`, `due_work` and `delivery_leases`.
extension SQLiteUnitOfWork {
    func incidentExists(_ id: String) throws -> Bool {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM incidents WHERE id = ?"), arguments: [id]) != nil
    }

    func incidentSummaries(_ filter: IncidentFilter, now: Date) throws -> [IncidentSummary] {
        let query = SQLiteQueries.list(filter, now: now)
        return try Row.fetchAll(db, sql: query.sql, arguments: StatementArguments(query.arguments)).map { row in
            // By position, in the SELECT's order: name lookups cost more than the query on long lists.
            IncidentSummary(id: row[0], title: row[1], kind: row[2], severity: row[3], stage: row[4],
                            detectedAt: row[5], declaredAt: row[6], closedAt: row[7],
                            assignee: row[8], nextDeadlineAt: row[9], outstandingObligations: row[10])
        }
    }

    func obligationRows(of incidents: Set<String>) throws -> [ObligationRow] {
        // `obligations` is a WITHOUT ROWID table: order by deadline (unanchored last), then id.
        try Row.fetchAll(db, sql: "SELECT * FROM obligations ORDER BY incident_id, due_at IS NULL, due_at, obligation_id").compactMap { row in
            let incident: String = row["incident_id"]
            guard incidents.contains(incident) else { return nil }
            return ObligationRow(incidentID: incident, obligationID: row["obligation_id"], title: row["title"], audience: row["audience"],
                                 dueAt: row["due_at"], metAt: row["met_at"], waivedAt: row["waived_at"], missedAt: row["missed_at"],
                                 withdrawn: WithdrawnObligationRows.isWithdrawn(waivedBy: row["waived_by"], waiverReason: row["waiver_reason"]))
        }
    }

    func notificationRows(of incidents: Set<String>) throws -> [NotificationRow] {
        try Row.fetchAll(db, sql: "SELECT * FROM notifications ORDER BY incident_id, queued_at, notification_id").compactMap { row in
            let incident: String = row["incident_id"]
            guard incidents.contains(incident) else { return nil }
            return NotificationRow(incidentID: incident, notificationID: row["notification_id"], obligationID: row["obligation_id"],
                                   contactID: row["contact_id"], channel: row["channel"], status: row["status"], attempts: row["attempts"],
                                   lastError: row["last_error"], deliveredAt: row["delivered_at"])
        }
    }

    func timeline(of id: String) throws -> [TimelineRow] {
        try Row.fetchAll(db, sql: SQLiteQueries.timeline, arguments: [id]).map {
            TimelineRow(sequence: $0["sequence"], at: $0["at"], type: $0["type"], actor: $0["actor"], summary: $0["summary"])
        }
    }

    func dueWork(by now: Date) throws -> [DueWorkItem] {
        try Row.fetchAll(db, sql: SQLiteQueries.dueWork, arguments: [RFC3339.format(now)]).map {
            DueWorkItem(incidentID: $0["incident_id"], work: $0["work"])
        }
    }

    func pendingNotifications(ofContact contactID: String) throws -> [(incidentID: String, notificationID: String)] {
        // A registry edit is rare, so a scan of the pending rows is fine.
        try Row.fetchAll(db, sql: """
            SELECT incident_id, notification_id FROM notifications
            WHERE contact_id = ? AND status IN ('queued', 'retrying') ORDER BY incident_id, notification_id
            """, arguments: [contactID]).map { (incidentID: $0["incident_id"], notificationID: $0["notification_id"]) }
    }

    func openIncidentsCountedInCalendars() throws -> [String] {
        try String.fetchAll(db, sql: SQLiteQueries.openIncidentsCountedInCalendars)
    }

    func dueNotifications(by now: Date, incidentID: String?, after: DueCursor?, through: DueCursor?, limit: Int) throws -> [DueNotification] {
        let (sql, arguments) = SQLiteQueries.dueNotifications(by: now, incidentID: incidentID, after: after, through: through, limit: limit)
        // By position, from the stepping statement: a claim reads 2,048 rows at a time, and a column looked
        // up by name is lowercased and searched for at every access.
        return try Array(Row.fetchCursor(db, sql: sql, arguments: arguments).map { row in
            let holder: String? = row[4]
            return DueNotification(
                notificationID: row[0], incidentID: row[1], channel: row[2], contactID: row[3],
                lease: holder.map { DeliveryLease(holder: $0, pid: row[5], expiresAt: (row[6] as String?).flatMap(RFC3339.parse)) },
                dueAt: row[7])
        })
    }
}

/// The SQL of the read-model questions, named so that query-plan tests can `EXPLAIN` exactly what runs.
enum SQLiteQueries {
    /// `contacts(ids:)`: the ids as a JSON array in one parameter, each probed by the primary key.
    static let contactsByID = "SELECT \(ContactProjection.selection) FROM contacts WHERE id IN (SELECT value FROM json_each(?))"

    /// `openIncidentsCountedInCalendars()`: through the partial index `events_counting_calendars` (v8),
    /// which holds only the few calendar-counting events, not by reading every declaration's payload.
    static let openIncidentsCountedInCalendars = """
        SELECT i.id FROM incidents i
        WHERE i.stage <> 'closed' AND i.declared_at IS NOT NULL
          AND i.id IN (SELECT e.stream FROM events e WHERE \(CalendarCountedEvents.sqlCondition(alias: "e.", position: "instr")))
        ORDER BY i.number
        """

    /// The SQL and arguments of `incidentSummaries(filter, now)`.
    static func list(_ filter: IncidentFilter, now: Date) -> (sql: String, arguments: [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let stage = filter.stage { conditions.append("stage = ?"); arguments.append(stage.rawValue) }
        if filter.openOnly { conditions.append("stage <> 'closed'") }
        if filter.declaredOnly { conditions.append("declared_at IS NOT NULL") }
        if filter.overdueOnly {
            conditions.append("outstanding_obligations > 0 AND next_deadline_at <= ?")
            arguments.append(RFC3339.format(now))
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // For --overdue, `+number` keeps SQLite on the partial deadline index (few rows) instead of walking
        // every incident in number order: the checker's cost must not grow with the history.
        let sql = """
            SELECT id, title, kind, severity, stage, detected_at, declared_at, closed_at, assignee, next_deadline_at, outstanding_obligations
            FROM incidents \(whereClause) ORDER BY \(filter.overdueOnly ? "+number" : "number")
            """
        return (sql, arguments)
    }

    /// An incident's timeline, oldest first: the stored summaries beside their events' time, type and actor.
    static let timeline = """
        SELECT timeline.sequence, events.effective_at AS at, events.type, events.actor, timeline.summary
        FROM timeline JOIN events ON events.sequence = timeline.sequence
        WHERE timeline.incident_id = ? ORDER BY timeline.sequence
        """

    /// The one question a `check` pass starts with; answered from the `due_work_by_time` index.
    static let dueWork = "SELECT incident_id, work FROM due_work WHERE due_at <= ? ORDER BY due_at"

    /// Notifications owed an attempt by now, driven by the indexed due_work list so that the cost follows
    /// the notifications due, not the history. The work items of notifications are those from
    /// `notification:` up to (not including) `notification;` — `;` is the byte after `:` — a range the
    /// index answers, where `LIKE` would not.
    /// Its columns are read by position: keep the order.
    ///
    /// `INDEXED BY`: a claim wants the first rows in due order, which the due-time index gives from its
    /// cursor, stopping at the `LIMIT`. With statistics (`ANALYZE` or `PRAGMA optimize`, run by an operator
    /// or a tool), SQLite read one incident's due items by primary key instead and sorted them all for each
    /// claim. Should the index ever be missing, the statement fails to prepare rather than scan.
    static let dueNotifications = """
        SELECT n.notification_id, n.incident_id, n.channel, n.contact_id, l.holder, l.holder_pid, l.expires_at, d.due_at
        FROM due_work d INDEXED BY due_work_by_time
        JOIN notifications n ON n.notification_id = substr(d.work, \(DueWork.notificationPrefix.utf8.count + 1))
        LEFT JOIN delivery_leases l ON l.notification_id = n.notification_id
        WHERE d.due_at <= ? AND d.work >= '\(DueWork.notificationPrefix)' AND d.work < '\(DueWork.notificationPrefix.dropLast());'
          AND n.status IN ('queued', 'retrying')
        """

    /// `dueNotifications` of one incident, on the work item's column. The `+` keeps the equality from
    /// counting as an index constraint: SQLite then took the incident as fixed, thought the due-time index's
    /// order broken after it, and sorted every row due at one time ("TEMP B-TREE FOR RIGHT PART OF ORDER BY").
    static let ofIncident = " AND +d.incident_id = ?"

    /// `dueNotifications`' order: the due-time index's own (due time, incident, work key), which is due time
    /// then id (see `DueCursor`), so a slice stops after its `LIMIT` rows instead of sorting all rows due at
    /// one time.
    static let inDueOrder = " ORDER BY d.due_at, d.incident_id, d.work"

    /// `dueNotifications` read on after a cursor (due time, incident, work key): a seek in the due-time index.
    static let afterDueCursor = " AND (d.due_at, d.incident_id, d.work) > (?, ?, ?)"

    /// `dueNotifications` read up to a cursor, included: a claim never passes what a sliced queue has not
    /// queued yet.
    static let throughDueCursor = " AND (d.due_at, d.incident_id, d.work) <= (?, ?, ?)"

    /// The SQL and arguments of a claim's read (`StoreReader.dueNotifications`), named so that a test can
    /// `EXPLAIN` exactly what runs.
    static func dueNotifications(by now: Date, incidentID: String?, after: DueCursor?, through: DueCursor?, limit: Int)
        -> (sql: String, arguments: StatementArguments) {
        var sql = dueNotifications
        var arguments: [any DatabaseValueConvertible] = [RFC3339.format(now)]
        if let incidentID { sql += ofIncident; arguments.append(incidentID) }
        if let after {
            sql += afterDueCursor
            arguments += after.indexKey
        }
        if let through {
            sql += throughDueCursor
            arguments += through.indexKey
        }
        return (sql + inDueOrder + " LIMIT \(limit)", StatementArguments(arguments))
    }
}

import BreachDomain
import Foundation

/// The incident and contact read models' questions, as SQL over the same tables as SQLite's.
extension PostgresUnitOfWork {
    func incidentExists(_ id: String) throws -> Bool {
        try sql("SELECT 1 FROM incidents WHERE id = $1", [id]).count > 0
    }

    func incidentSummaries(_ filter: IncidentFilter, now: Date) throws -> [IncidentSummary] {
        var conditions: [String] = []
        var parameters: [String?] = []
        if let stage = filter.stage { parameters.append(stage.rawValue); conditions.append("stage = $\(parameters.count)") }
        if filter.openOnly { conditions.append("stage <> 'closed'") }
        if filter.declaredOnly { conditions.append("declared_at IS NOT NULL") }
        if filter.overdueOnly {
            parameters.append(RFC3339.format(now))
            conditions.append("outstanding_obligations > 0 AND next_deadline_at <= $\(parameters.count)")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try sql("""
            SELECT id, title, kind, severity, stage, detected_at, declared_at, closed_at, assignee, next_deadline_at, outstanding_obligations
            FROM incidents \(whereClause) ORDER BY number
            """, parameters)
        return (0..<rows.count).map { row in
            IncidentSummary(id: rows.string(row, 0), title: rows.string(row, 1), kind: rows.string(row, 2), severity: rows.string(row, 3),
                            stage: rows.string(row, 4), detectedAt: rows.string(row, 5), declaredAt: rows.text(row, 6),
                            closedAt: rows.text(row, 7), assignee: rows.text(row, 8), nextDeadlineAt: rows.text(row, 9),
                            outstandingObligations: rows.int(row, 10) ?? 0)
        }
    }

    func obligationRows(of incidents: Set<String>) throws -> [ObligationRow] {
        guard !incidents.isEmpty else { return [] }
        let rows = try sql("""
            SELECT incident_id, obligation_id, title, audience, due_at, met_at, waived_at, missed_at, waived_by, waiver_reason FROM obligations
            WHERE incident_id = ANY($1::text[]) ORDER BY incident_id, due_at IS NULL, due_at, obligation_id
            """, [Self.array(incidents)])
        return (0..<rows.count).map { row in
            ObligationRow(incidentID: rows.string(row, 0), obligationID: rows.string(row, 1), title: rows.string(row, 2),
                          audience: rows.text(row, 3), dueAt: rows.text(row, 4), metAt: rows.text(row, 5), waivedAt: rows.text(row, 6),
                          missedAt: rows.text(row, 7),
                          withdrawn: WithdrawnObligationRows.isWithdrawn(waivedBy: rows.text(row, 8), waiverReason: rows.text(row, 9)))
        }
    }

    func notificationRows(of incidents: Set<String>) throws -> [NotificationRow] {
        guard !incidents.isEmpty else { return [] }
        let rows = try sql("""
            SELECT incident_id, notification_id, obligation_id, contact_id, channel, status, attempts, last_error, delivered_at
            FROM notifications WHERE incident_id = ANY($1::text[]) ORDER BY incident_id, queued_at, notification_id
            """, [Self.array(incidents)])
        return (0..<rows.count).map { row in
            NotificationRow(incidentID: rows.string(row, 0), notificationID: rows.string(row, 1), obligationID: rows.string(row, 2),
                            contactID: rows.string(row, 3), channel: rows.string(row, 4), status: rows.string(row, 5),
                            attempts: rows.int(row, 6) ?? 0, lastError: rows.text(row, 7), deliveredAt: rows.text(row, 8))
        }
    }

    func timeline(of id: String) throws -> [TimelineRow] {
        let rows = try sql("""
            SELECT timeline.sequence, events.effective_at, events.type, events.actor, timeline.summary
            FROM timeline JOIN events ON events.sequence = timeline.sequence
            WHERE timeline.incident_id = $1 ORDER BY timeline.sequence
            """, [id])
        return (0..<rows.count).map { row in
            TimelineRow(sequence: Int64(rows.int(row, 0) ?? 0), at: rows.string(row, 1), type: rows.string(row, 2),
                        actor: rows.string(row, 3), summary: rows.string(row, 4))
        }
    }

    func dueWork(by now: Date) throws -> [DueWorkItem] {
        let rows = try sql("SELECT incident_id, work FROM due_work WHERE due_at <= $1 ORDER BY due_at", [RFC3339.format(now)])
        return (0..<rows.count).map { DueWorkItem(incidentID: rows.string($0, 0), work: rows.string($0, 1)) }
    }

    func pendingNotifications(ofContact contactID: String) throws -> [(incidentID: String, notificationID: String)] {
        let rows = try sql("""
            SELECT incident_id, notification_id FROM notifications
            WHERE contact_id = $1 AND status IN ('queued', 'retrying') ORDER BY incident_id, notification_id
            """, [contactID])
        return (0..<rows.count).map { (incidentID: rows.string($0, 0), notificationID: rows.string($0, 1)) }
    }

    func openIncidentsCountedInCalendars() throws -> [String] {
        // Through the partial index `events_counting_calendars` (migration 3).
        let rows = try sql("""
            SELECT i.id FROM incidents i
            WHERE i.stage <> 'closed' AND i.declared_at IS NOT NULL
              AND i.id IN (SELECT e.stream FROM events e WHERE \(CalendarCountedEvents.sqlCondition(alias: "e.", position: "strpos")))
            ORDER BY i.number
            """)
        return (0..<rows.count).map { rows.string($0, 0) }
    }

    /// Notifications owed an attempt, with their lease rows. In a unit of work the due notifications' rows
    /// are locked (`FOR UPDATE … SKIP LOCKED`): a row another transaction holds is skipped, never waited for.
    func dueNotifications(by now: Date, incidentID: String?, after: DueCursor?, through: DueCursor?, limit: Int) throws -> [DueNotification] {
        let (text, parameters) = Self.dueNotificationsQuery(by: now, incidentID: incidentID, after: after, through: through, limit: limit,
                                                            locking: !readOnly)
        let rows = try inDueOrderPlanning { try sql(text, parameters) }
        return (0..<rows.count).map { row in
            DueNotification(notificationID: rows.string(row, 0), incidentID: rows.string(row, 1), channel: rows.string(row, 2),
                            contactID: rows.string(row, 3),
                            lease: rows.text(row, 4).map {
                                DeliveryLease(holder: $0, pid: Int32(rows.int(row, 5) ?? 0), expiresAt: rows.text(row, 6).flatMap(RFC3339.parse))
                            },
                            dueAt: rows.string(row, 7))
        }
    }

    /// Runs `body` (the due query) with the planner told not to sort, then puts its settings back.
    ///
    /// A claim wants the first `limit` due rows in due order: `due_work_in_due_order` read from the cursor,
    /// stopping at the limit, a millisecond whatever the queue's length. The planner could not know that.
    /// Without statistics (right after a large queue), with an upgrade's (`CREATE INDEX` recorded a table
    /// of three rows) and with autovacuum's real ones alike, it estimated the join at a row or two and
    /// read, joined and sorted every due row instead: 150–500 ms a claim at 50,000 queued, the first five
    /// claims of every run (then a generic plan took over, by luck). Sorting is disabled for this one
    /// statement, so the index's order is the plan; `SET LOCAL` never outlives the transaction.
    func inDueOrderPlanning<Result>(_ body: () throws -> Result) throws -> Result {
        try planning(without: ["enable_sort", "enable_incremental_sort"], body)
    }

    /// Runs `body` with the planner's `methods` (its `enable_…` settings) off, then puts them back to their
    /// defaults: for a statement whose right plan does not depend on the statistics, where the statistics
    /// could make the planner choose another. An error leaves them set, in a transaction that is then
    /// rolled back.
    @discardableResult
    func planning<Result>(without methods: [String], _ body: () throws -> Result) throws -> Result {
        try store.run { try $0.execute(methods.map { "SET LOCAL \($0) = off" }.joined(separator: "; ")) }
        let result = try body()
        try store.run { try $0.execute(methods.map { "SET LOCAL \($0) TO DEFAULT" }.joined(separator: "; ")) }
        return result
    }

    /// The SQL and parameters of `dueNotifications`, named so that a test can `EXPLAIN` exactly what runs
    /// (within `inDueOrderPlanning`).
    ///
    /// Right after a large queue the tables have no statistics yet, and the planner guesses. With the
    /// incident named on the notifications it took them first and found each one's work item by scanning
    /// every due work item again (4 million rows compared, 2.5 s, for 2,000 notifications), or took the
    /// work items first and found each notification by scanning the incident's. So the incident is named
    /// on the work items (their key starts with it), and the join is stated both ways round — the
    /// notification's key from the work item's, the work item's from the notification's — so that either
    /// order is a key look-up.
    static func dueNotificationsQuery(by now: Date, incidentID: String?, after: DueCursor?, through: DueCursor? = nil, limit: Int,
                                      locking: Bool) -> (String, [String?]) {
        var parameters: [String?] = [RFC3339.format(now), DueWork.notificationPrefix, String(DueWork.notificationPrefix.dropLast()) + ";"]
        var conditions = ""
        if let incidentID {
            parameters.append(incidentID)
            // On the work item, not the notification's index by incident (see the doc comment above).
            conditions += " AND d.incident_id = $\(parameters.count)"
        }
        // Cursors as row values in the order of `due_work_in_due_order` (due time, incident, work key): a
        // start or end for its index scan (see `DueCursor`).
        if let after {
            parameters += after.indexKey
            conditions += " AND (d.due_at, d.incident_id, d.work) > ($\(parameters.count - 2), $\(parameters.count - 1), $\(parameters.count))"
        }
        if let through {
            // Up to a sliced queue's last queued notification, included.
            parameters += through.indexKey
            conditions += " AND (d.due_at, d.incident_id, d.work) <= ($\(parameters.count - 2), $\(parameters.count - 1), $\(parameters.count))"
        }
        let text = """
            SELECT n.notification_id, n.incident_id, n.channel, n.contact_id, l.holder, l.holder_pid, l.expires_at, d.due_at
            FROM due_work d
            JOIN notifications n ON n.notification_id = substr(d.work, \(DueWork.notificationPrefix.utf8.count + 1))
              AND d.work = $2 || n.notification_id
            LEFT JOIN delivery_leases l ON l.notification_id = n.notification_id
            WHERE d.due_at <= $1 AND d.work >= $2 AND d.work < $3 AND n.status IN ('queued', 'retrying')\(conditions)
            ORDER BY d.due_at, d.incident_id, d.work LIMIT \(limit)
            \(locking ? "FOR UPDATE OF n SKIP LOCKED" : "")
            """
        return (text, parameters)
    }

    // MARK: ContactReadModel

    func contacts() throws -> [Contact] {
        let rows = try sql("SELECT \(ProjectionText.columns(of: "contacts").joined(separator: ", ")) FROM contacts ORDER BY id")
        return (0..<rows.count).map { Self.contact(rows, $0) }
    }

    func contact(_ id: String) throws -> Contact? {
        let rows = try sql("SELECT \(ProjectionText.columns(of: "contacts").joined(separator: ", ")) FROM contacts WHERE id = $1", [id])
        return rows.count == 0 ? nil : Self.contact(rows, 0)
    }

    func contacts(ids: [String]) throws -> [Contact] {
        guard !ids.isEmpty else { return [] }
        // One round trip for the batch, not one per contact.
        let rows = try sql("SELECT \(ProjectionText.columns(of: "contacts").joined(separator: ", ")) FROM contacts WHERE id = ANY($1::text[])",
                           [Self.array(ids)])
        return (0..<rows.count).map { Self.contact(rows, $0) }
    }

    private static func contact(_ rows: PGResult, _ row: Int) -> Contact {
        Contact(id: rows.string(row, 0), name: rows.string(row, 1), role: rows.string(row, 2),
                tags: rows.string(row, 3).split(separator: " ").map(String.init), email: rows.text(row, 4),
                webhookURL: rows.text(row, 5), webhookSecretRef: rows.text(row, 6),
                webhookFormat: Contact.WebhookFormat(rawValue: rows.string(row, 7)) ?? .generic, caBundle: rows.text(row, 8))
    }

    /// A text array literal (`{"a","b"}`) for `= ANY($1::text[])`.
    static func array(_ values: some Sequence<String>) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}

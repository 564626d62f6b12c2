import BreachDomain
@testable import BreachKit
import Foundation
import GRDB
import Testing

/// The checker's questions are answered from indexes, so its cost follows the work that is due, not the history.
@Suite struct CheckerQueryPlanTests {
    func plan(_ sql: String, in fixture: StoreFixture, arguments: StatementArguments) throws -> String {
        try fixture.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }.joined(separator: "\n")
    }

    @Test func dueWorkComesFromItsTimeIndex() throws {
        let fixture = try StoreFixture()
        let plan = try plan(SQLiteQueries.dueWork, in: fixture, arguments: ["2026-01-01T00:00:00Z"])
        #expect(plan.contains("USING COVERING INDEX due_work_by_time"), "\(plan)")
        #expect(!plan.contains("SCAN"), "\(plan)")
    }

    @Test func dueNotificationsAreFoundThroughDueWorkNotByScanningNotifications() throws {
        let fixture = try StoreFixture()
        let plan = try plan(SQLiteQueries.dueNotifications, in: fixture, arguments: ["2026-01-01T00:00:00Z"])
        #expect(plan.contains("due_work_by_time"), "\(plan)")
        #expect(!plan.contains("SCAN n"), "\(plan)")
        #expect(!plan.contains("SCAN notifications"), "\(plan)")
    }

    /// A claim taken in slices reads on after a cursor, still from the due-time index.
    @Test func dueNotificationsAfterACursorStayOnTheDueTimeIndex() throws {
        let fixture = try StoreFixture()
        let plan = try plan(SQLiteQueries.dueNotifications + SQLiteQueries.afterDueCursor, in: fixture,
                            arguments: ["2026-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "n1"])
        #expect(plan.contains("due_work_by_time"), "\(plan)")
        #expect(!plan.contains("SCAN n"), "\(plan)")
        #expect(!plan.contains("SCAN notifications"), "\(plan)")
    }

    /// A claim's slice reads its rows in the due-time index's own order and stops at its limit: ordered by
    /// the notification's id instead, SQLite sorted every row due at one time for each slice (10,000 for each
    /// of a large `notify`'s slices).
    @Test func aClaimSliceOfOneIncidentReadsTheDueTimeIndexInOrderWithoutSorting() throws {
        let fixture = try StoreFixture()
        let (sql, arguments) = SQLiteQueries.dueNotifications(by: RFC3339.parse("2026-01-01T00:00:00Z")!, incidentID: "INC-1",
                                                              after: DueCursor(dueAt: "2025-01-01T00:00:00Z", incidentID: "INC-1", notificationID: "a"),
                                                              through: DueCursor(dueAt: "2026-01-01T00:00:00Z", incidentID: "INC-1", notificationID: "z"),
                                                              limit: 2048)
        let plan = try plan(sql, in: fixture, arguments: arguments)
        #expect(plan.contains("due_work_by_time ((due_at,incident_id,work)>(?,?,?)"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
        #expect(!plan.contains("SCAN"), "\(plan)")
    }

    /// With statistics (an operator's `ANALYZE`), SQLite read one incident's due items by primary key and
    /// sorted them all for the first claim of every round (10,000 at a time for a large `notify`).
    @Test(arguments: [false, true])
    func everyClaimReadsTheDueTimeIndexInOrderEvenWithStatistics(analysed: Bool) throws {
        let fixture = try StoreFixture()
        let id = try fixture.service(at: 0).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil).id
        try fixture.service(at: 1).execute(.declare(awareAt: nil, reason: "exposed"), on: id)
        try fixture.record((1...300).map {
            .notificationQueued(StoreFixture.notification(String(format: "\(id).n%04d", $0), for: "notify-customers", to: "c\($0)", via: "webhook").queued)
        }, on: id, at: 2)
        if analysed { try fixture.database.write { try $0.execute(sql: "ANALYZE") } }
        let cursor = DueCursor(dueAt: RFC3339.format(StoreFixture.at(2)), incidentID: id, notificationID: "\(id).n0100")
        for (incidentID, after) in [(nil, nil), (id, nil), (nil, cursor), (id, cursor)] {
            let (sql, arguments) = SQLiteQueries.dueNotifications(by: StoreFixture.at(3), incidentID: incidentID, after: after, through: nil, limit: 256)
            let plan = try plan(sql, in: fixture, arguments: arguments)
            #expect(plan.contains("due_work_by_time") && !plan.contains("TEMP B-TREE"),
                    "incident \(incidentID ?? "any"), cursor \(after == nil ? "none" : "set"):\n\(plan)")
        }
    }

    @Test func overdueIncidentsComeFromThePartialDeadlineIndex() throws {
        let fixture = try StoreFixture()
        let query = SQLiteQueries.list(IncidentFilter(overdueOnly: true), now: StoreFixture.at(0))
        let plan = try plan(query.sql, in: fixture, arguments: StatementArguments(query.arguments))
        #expect(plan.contains("USING INDEX incidents_by_next_deadline"), "\(plan)")
    }

    /// A claim's contacts: the batch's ids probed by primary key, never the whole registry read.
    @Test func aClaimsContactsAreProbedByPrimaryKey() throws {
        let fixture = try StoreFixture()
        let plan = try plan(SQLiteQueries.contactsByID, in: fixture, arguments: [#"["c1","c2"]"#])
        #expect(plan.contains("SEARCH contacts USING"), "\(plan)")
        #expect(!plan.contains("SCAN contacts"), "\(plan)")
    }

    @Test func theCalendarReviewReadsOnlyTheCalendarCountingEvents() throws {
        let fixture = try StoreFixture()
        let plan = try plan(SQLiteQueries.openIncidentsCountedInCalendars, in: fixture, arguments: [])
        #expect(plan.contains("USING INDEX events_counting_calendars"), "\(plan)")
        #expect(!plan.contains("SCAN e\n") && !plan.hasSuffix("SCAN e"), "\(plan)")
    }
}

import BreachDomain
@testable import BreachKit
import Foundation
import GRDB
import Testing

@Suite("DueWork: work item names")
struct DueWorkTests {
    @Test func aNotificationsWorkItemNamesItBack() {
        #expect(DueWork.notificationID(of: DueWork.notificationPrefix + "n-42") == "n-42")
        #expect(DueWork.notificationID(of: DueWork.obligationPrefix + "notify-dpa") == nil)
        #expect(DueWork.notificationID(of: "notification") == nil)
    }

    @Test func theOutboxFindsExactlyTheNotificationsWorkItems() throws {
        // Given due_work rows of both kinds, and notification rows they may name
        let store = try StoreFixture()
        try store.database.write { db in
            try db.execute(sql: """
                INSERT INTO due_work (incident_id, work, due_at) VALUES
                  ('INC-1', 'notification:n1', '2026-01-01T00:00:00Z'),
                  ('INC-1', 'obligation:n1', '2026-01-01T00:00:00Z'),
                  ('INC-1', 'notification;n2', '2026-01-01T00:00:00Z');
                INSERT INTO notifications (notification_id, incident_id, obligation_id, contact_id, channel, status, attempts, queued_at)
                VALUES ('n1', 'INC-1', 'o', 'c', 'webhook', 'queued', 0, '2026-01-01T00:00:00Z'),
                       ('n2', 'INC-1', 'o', 'c', 'webhook', 'queued', 0, '2026-01-01T00:00:00Z');
                """)
        }
        // When the outbox asks what is due
        let found = try store.database.read { db in
            try String.fetchAll(db, sql: "SELECT notification_id FROM (\(SQLiteQueries.dueNotifications))", arguments: ["2026-06-01T00:00:00Z"])
        }
        // Then only the notification's own work item counts, by the id after the prefix
        #expect(found == ["n1"])
    }
}

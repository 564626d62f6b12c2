import BreachDomain
@testable import BreachKit
import Foundation
import GRDB
import Testing

@Suite("Projector")
struct ProjectorTests {
    let store: StoreFixture

    init() throws {
        store = try StoreFixture()
        try store.populate()
    }

    @Test func theHistoryFillsEveryReadModel() throws {
        let models = try store.readModels()
        for table in ["incidents", "stage_intervals", "obligations", "notifications", "timeline", "due_work"] {
            #expect(!(models[table] ?? []).isEmpty, "\(table) is empty")
        }
        #expect(models["timeline"]?.count == (try store.storedEvents().count))
    }

    @Test func anOutcomeUpdatesItsNotificationRowWithoutTouchingTheIncidentIndex() throws {
        // The upsert that records an attempt's outcome, as SQLite would run it
        let columns = IncidentProjection.Scoped.columns("notifications")
        let sql = "EXPLAIN INSERT INTO notifications (\(columns.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ") "
            + IncidentProjection.Scoped.updateNotificationOnConflict
        let opcodes = try store.database.queue.read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(Array(repeating: DatabaseValue.null, count: columns.count)))
            .map { $0["opcode"] as String } }
        // Then the update rewrites the row only: notifications_by_incident keeps its entry (the incident,
        // like the rest of who and what, is fixed when the notification is queued)
        #expect(!opcodes.contains("IdxDelete"), "\(opcodes)")
        #expect(!IncidentProjection.Scoped.updateNotificationOnConflict.contains("incident_id ="))
        #expect(IncidentProjection.Scoped.updateNotificationOnConflict.contains("status = excluded.status"))
    }

    @Test func rebuildProducesTheIncrementallyMaintainedRows() throws {
        // Given read models maintained event by event
        let incremental = try store.readModels()
        // When rebuilt from the log
        let stats = try store.service().rebuild()
        // Then every row of every read model is identical
        #expect(try store.readModels() == incremental)
        #expect(stats.incidents == 3)
        #expect(stats.events == (try store.storedEvents().count))
        #expect(try store.verify().isIntact)
    }

    @Test func rebuildRepairsDamagedReadModels() throws {
        let intact = try store.readModels()
        try store.tamper("DELETE FROM timeline; DELETE FROM obligations; UPDATE incidents SET title = 'x'; DELETE FROM stage_intervals")
        #expect(!(try store.verify().isIntact))
        _ = try store.service().rebuild()
        #expect(try store.readModels() == intact)
        #expect(try store.verify().isIntact)
    }

    @Test func readModelsMatchTheFoldedState() throws {
        let incident = try store.service().load("INC-1")
        let row = try #require(try store.database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE id = 'INC-1'") })
        #expect(row["stage"] as String == "assess")
        #expect(row["declared_at"] as String? == "2026-11-28T12:00:00Z")
        #expect(row["assignee"] as String? == "carol")
        #expect(row["version"] as Int == incident.version)
        #expect(row["outstanding_obligations"] as Int == 1)
        #expect(row["next_deadline_at"] as String? == "2026-12-01T12:00:00Z")
        let obligations = try store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT obligation_id, met_at, waived_at FROM obligations WHERE incident_id = 'INC-1' ORDER BY obligation_id")
        }
        #expect(obligations.map { $0["obligation_id"] as String } == ["notify-customers", "notify-dpa", "sec-8k"])
        #expect(obligations.map { $0["met_at"] as String? } == [nil, "2026-11-28T13:30:00Z", nil])
        #expect(obligations.map { $0["waived_at"] as String? } == [nil, nil, "2026-12-01T07:00:00Z"])
    }
}

@Suite("Read-model queries")
struct ReadModelQueryTests {
    let store: StoreFixture

    init() throws {
        store = try StoreFixture()
        try store.populate()
    }

    @Test func listDocumentsCarryObligationsAndNotificationsFromTheReadModels() throws {
        // When INC-1 is listed at hour 76, past notify-customers' deadline (hour 75)
        let documents = try store.service(at: 76).listDocuments(IncidentFilter(declaredOnly: true))
        // Then its obligations come soonest first with their statuses, and its notifications with theirs
        let incident = try #require(documents.first)
        #expect(documents.count == 1)
        #expect(incident["id"] == .string("INC-1"))
        #expect(incident["overdue"] == .bool(true))
        let obligations = try #require(incident["obligations"]?.arrayValue)
        #expect(obligations.map { $0["id"]?.stringValue } == ["notify-dpa", "notify-customers", "sec-8k"])
        #expect(obligations.map { $0["status"]?.stringValue } == ["met", "missed", "waived"])
        #expect(obligations.map { $0["audience"]?.stringValue } == ["audience of notify-dpa", "audience of notify-customers", "audience of sec-8k"])
        let notifications = try #require(incident["notifications"]?.arrayValue)
        #expect(notifications.map { $0["status"]?.stringValue } == ["delivered", "retrying"])
        #expect(notifications.map { $0["attempts"]?.intValue } == [1, 1])
    }

    @Test func listFiltersOnTheReadModels() throws {
        let service = store.service(at: 76)
        #expect(try service.list(IncidentFilter()).map(\.id) == ["INC-1", "INC-2", "INC-3"])
        #expect(try service.list(IncidentFilter(stage: .assess)).map(\.id) == ["INC-1", "INC-2"])
        #expect(try service.list(IncidentFilter(overdueOnly: true)).map(\.id) == ["INC-1"])
        #expect(try store.service(at: 74).list(IncidentFilter(overdueOnly: true)).isEmpty)
    }
}

@Suite("Projector: rebuild edge cases")
struct RebuildEdgeCaseTests {
    @Test func aStreamThatDoesNotStartWithDetectedGetsItsTimelineOnceItHasAnIncident() throws {
        // Given a log whose INC-9 stream starts with a note before its detection (written by hand), and one
        // stream (INC-8) that never has an incident
        let store = try StoreFixture()
        try store.populate()
        try store.database.write { db in
            try EventStore.append([
                .init(type: "incident.note_added", payload: .object([("text", .string("before"))]), effectiveAt: StoreFixture.at(1), actor: "x"),
                .init(type: "incident.detected", payload: IncidentEvent.detected(title: "Late", kind: "data-breach", severity: .low, summary: nil).payload,
                      effectiveAt: StoreFixture.at(2), actor: "y"),
            ], to: "INC-9", expectedVersion: 0, recordedAt: StoreFixture.at(2), in: db)
            try EventStore.append([
                .init(type: "incident.note_added", payload: .object([("text", .string("orphan"))]), effectiveAt: StoreFixture.at(1), actor: "x"),
            ], to: "INC-8", expectedVersion: 0, recordedAt: StoreFixture.at(2), in: db)
        }
        // When rebuilt
        let stats = try store.service().rebuild()
        // Then INC-9 has both timeline rows, INC-8 none, as the whole-stream fold had
        let timeline = try store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT incident_id, sequence, summary FROM timeline WHERE incident_id IN ('INC-8', 'INC-9') ORDER BY sequence")
        }
        #expect(timeline.map { $0[0] as String } == ["INC-9", "INC-9"])
        #expect(timeline.map { $0[2] as String } == ["note: before", "detected \"Late\" (data-breach, low)"])
        #expect(stats.incidents == 4)
        #expect(try store.database.read { db in try String.fetchAll(db, sql: "SELECT id FROM incidents ORDER BY number") } == ["INC-1", "INC-2", "INC-3", "INC-9"])
    }

    @Test func anUnreadablePayloadStopsTheRebuildAndKeepsTheOldReadModels() throws {
        let store = try StoreFixture()
        try store.populate()
        let before = try store.readModels()
        try store.tamper("UPDATE events SET payload = '{\"text\": ' WHERE sequence = 3")
        #expect(throws: BreachError.self) { try store.service().rebuild() }
        #expect(try store.readModels() == before)
    }
}

import BreachDomain
@testable import BreachKit
import Foundation
import GRDB
import Testing

@Suite("EventStore: append and read")
struct EventStoreTests {
    let store: StoreFixture

    init() throws { store = try StoreFixture() }

    private func append(_ events: [IncidentEvent], to stream: String, expectedVersion: Int, at hours: Double = 0,
                        on database: BreachDatabase? = nil) throws -> [StoredEvent] {
        let recorded = events.map { RecordedIncidentEvent($0, at: StoreFixture.at(hours), by: "alice") }
        return try (database ?? store.database).write { db in
            try EventStore.append(recorded, to: stream, expectedVersion: expectedVersion, recordedAt: StoreFixture.at(hours + 0.5), in: db)
        }
    }

    private let detected = IncidentEvent.detected(title: "Leaked bucket", kind: "data-breach", severity: .high, summary: nil)

    @Test func appendedEventsReadBackWithEveryField() throws {
        // Given an empty store
        // When three events are appended to INC-1
        let appended = try append([detected, .noteAdded(text: "first"), .assigned(assignee: "bob")], to: "INC-1", expectedVersion: 0, at: 2)
        // Then they read back exactly as returned, with all their fields
        let stored = try store.database.read { db in try EventStore.events(of: "INC-1", in: db) }
        #expect(stored == appended)
        #expect(stored.map(\.sequence) == [1, 2, 3])
        #expect(stored.map(\.version) == [1, 2, 3])
        #expect(stored.map(\.type) == ["incident.detected", "incident.note_added", "incident.assigned"])
        #expect(stored.map(\.schemaVersion) == [2, 1, 1])
        #expect(stored[0].stream == "INC-1")
        #expect(stored[0].payload == detected.payload.serialized())
        #expect(stored[0].effectiveAt == "2026-11-28T11:00:00Z")
        #expect(stored[0].recordedAt == "2026-11-28T11:30:00.000Z")
        #expect(stored[0].actor == "alice")
        #expect(try stored.map { try $0.decoded().event } == [detected, .noteAdded(text: "first"), .assigned(assignee: "bob")])
        #expect(try store.database.read { db in try EventStore.version(of: "INC-1", in: db) } == 3)
    }

    @Test func everyEventIsChainedToThePreviousOneAcrossStreams() throws {
        // Given events appended to two streams in turn
        _ = try append([detected, .noteAdded(text: "a")], to: "INC-1", expectedVersion: 0)
        _ = try append([detected], to: "INC-2", expectedVersion: 0)
        _ = try append([.noteAdded(text: "b")], to: "INC-1", expectedVersion: 2)
        // Then the global sequence is contiguous and each hash covers the previous one
        let events = try store.storedEvents()
        #expect(events.map(\.sequence) == [1, 2, 3, 4])
        #expect(events.map(\.stream) == ["INC-1", "INC-1", "INC-2", "INC-1"])
        #expect(events.map(\.version) == [1, 2, 1, 3])
        #expect(events[0].previousHash == EventHasher.genesis)
        for (previous, event) in zip(events, events.dropFirst()) { #expect(event.previousHash == previous.hash) }
        for event in events {
            #expect(event.hash == EventHasher.hash(of: event))
            #expect(event.hash.count == 64)
        }
        let head = try store.database.read { db in try EventStore.head(in: db) }
        #expect(head.sequence == 4)
        #expect(head.hash == events[3].hash)
    }

    @Test func theHashDependsOnEveryField() {
        let base = (previous: EventHasher.genesis, sequence: Int64(1), stream: "INC-1", version: 1, type: "t", schema: 1, payload: "{}",
                    effective: "2026-11-28T09:00:00Z", recorded: "2026-11-28T09:00:00.000Z", actor: "alice")
        func hash(_ change: (inout (previous: String, sequence: Int64, stream: String, version: Int, type: String, schema: Int,
                                    payload: String, effective: String, recorded: String, actor: String)) -> Void) -> String {
            var fields = base
            change(&fields)
            return EventHasher.hash(previousHash: fields.previous, sequence: fields.sequence, stream: fields.stream, version: fields.version,
                                    type: fields.type, schemaVersion: fields.schema, payload: fields.payload, effectiveAt: fields.effective,
                                    recordedAt: fields.recorded, actor: fields.actor)
        }
        let variants = [hash { _ in }, hash { $0.previous = String(repeating: "1", count: 64) }, hash { $0.sequence = 2 },
                        hash { $0.stream = "INC-2" }, hash { $0.version = 2 }, hash { $0.type = "u" }, hash { $0.schema = 2 },
                        hash { $0.payload = "[]" }, hash { $0.effective = "2026-11-28T09:00:01Z" },
                        hash { $0.recorded = "2026-11-28T09:00:00.001Z" }, hash { $0.actor = "bob" },
                        // Moving characters between adjacent fields must not collide either.
                        hash { $0.stream = "INC-1t"; $0.type = "" }]
        #expect(Set(variants).count == variants.count)
    }

    @Test func aStaleExpectedVersionIsAConflict() throws {
        _ = try append([detected], to: "INC-1", expectedVersion: 0)
        let error = #expect(throws: BreachError.self) { try append([.noteAdded(text: "late")], to: "INC-1", expectedVersion: 0) }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("INC-1") == true)
        #expect(throws: BreachError.self) { try append([.noteAdded(text: "ahead")], to: "INC-1", expectedVersion: 5) }
    }

    @Test func aConflictingBatchWritesNothing() throws {
        // Given INC-1 at version 2
        _ = try append([detected, .noteAdded(text: "a")], to: "INC-1", expectedVersion: 0)
        let before = try store.storedEvents()
        // When a batch of three events expects version 1
        let error = #expect(throws: BreachError.self) {
            try append([.noteAdded(text: "x"), .noteAdded(text: "y"), .assigned(assignee: "z")], to: "INC-1", expectedVersion: 1)
        }
        // Then it is a conflict and not one of the three was written
        #expect(error?.code == .conflict)
        #expect(try store.storedEvents() == before)
    }

    @Test func aFailureLaterInTheTransactionRollsTheAppendBack() throws {
        // Given an append followed, in the same transaction, by a failure
        #expect(throws: BreachError.self) {
            try store.database.write { db in
                try EventStore.append([RecordedIncidentEvent(detected, at: StoreFixture.at(0), by: "a")], to: "INC-1",
                                      expectedVersion: 0, recordedAt: StoreFixture.at(0), in: db)
                throw BreachError.refused("changed my mind")
            }
        }
        // Then nothing was kept
        #expect(try store.storedEvents().isEmpty)
    }

    @Test func appendingNothingWritesNothing() throws {
        #expect(try append([], to: "INC-1", expectedVersion: 7).isEmpty)
        #expect(try store.storedEvents().isEmpty)
    }
}

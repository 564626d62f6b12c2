import BreachDomain
@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB
import Testing

/// `IncidentService.appendBatch` and `EventStore.Appender`: many streams in one transaction, all or nothing.
@Suite("Batch append")
struct BatchAppendTests {
    let fixture: StoreFixture

    init() throws { fixture = try StoreFixture() }

    func history(_ id: String, title: String, hours: [Double]) -> [RecordedIncidentEvent] {
        var events = [RecordedIncidentEvent(.detected(title: title, kind: "data-breach", severity: .high, summary: nil),
                                            at: StoreFixture.at(hours[0]), by: "alice")]
        for hour in hours.dropFirst() { events.append(RecordedIncidentEvent(.noteAdded(text: "at \(hour)"), at: StoreFixture.at(hour), by: "bob")) }
        return events
    }

    @Test func aBatchAppendsChainsAndProjectsEveryStreamWithItsOwnTimes() throws {
        let service = fixture.service(at: 5)
        let incidents = try service.appendBatch([
            IncidentAppend(incidentID: "INC-1", expectedVersion: 0, events: history("INC-1", title: "One", hours: [0, 1, 2])),
            IncidentAppend(incidentID: "INC-2", expectedVersion: 0, events: history("INC-2", title: "Two", hours: [3])),
        ])
        #expect(incidents.map(\.id) == ["INC-1", "INC-2"])
        #expect(incidents[0].notes.map(\.at) == [StoreFixture.at(1), StoreFixture.at(2)])
        #expect(try fixture.storedEvents().map(\.sequence) == [1, 2, 3, 4])
        #expect(try service.list(IncidentFilter()).map(\.id) == ["INC-1", "INC-2"])
        #expect(try fixture.verify().isIntact)
        // The next command continues the chain and the numbering.
        let next = try fixture.service(at: 6).detect(title: "Three", kind: "data-breach", severity: .low, summary: nil)
        #expect(next.id == "INC-3")
        #expect(try fixture.verify().isIntact)
    }

    @Test func aBatchContinuesAnExistingStreamAtItsVersion() throws {
        let service = fixture.service(at: 5)
        let first = try service.detect(title: "One", kind: "data-breach", severity: .high, summary: nil)
        let more = [RecordedIncidentEvent(.noteAdded(text: "later"), at: StoreFixture.at(6), by: "bob")]
        let updated = try service.appendBatch([IncidentAppend(incidentID: first.id, expectedVersion: 1, events: more)])
        #expect(updated[0].version == 2 && updated[0].notes.map(\.text) == ["later"])
        #expect(try fixture.verify().isIntact)
    }

    @Test func aConflictInOneStreamWritesNothingAtAll() throws {
        let service = fixture.service(at: 5)
        try service.detect(title: "Existing", kind: "data-breach", severity: .high, summary: nil)
        let before = try fixture.storedEvents()
        let error = #expect(throws: BreachError.self) {
            try service.appendBatch([
                IncidentAppend(incidentID: "INC-2", expectedVersion: 0, events: history("INC-2", title: "New", hours: [1])),
                IncidentAppend(incidentID: "INC-1", expectedVersion: 0, events: history("INC-1", title: "Clash", hours: [1])),
            ])
        }
        #expect(error?.code == .conflict)
        #expect(try fixture.storedEvents() == before)
    }

    @Test func eventsThatDoNotOpenAnIncidentAreRefused() throws {
        let orphan = [RecordedIncidentEvent(.noteAdded(text: "no detection"), at: StoreFixture.at(1), by: "bob")]
        let error = #expect(throws: BreachError.self) {
            try fixture.service().appendBatch([IncidentAppend(incidentID: "INC-1", expectedVersion: 0, events: orphan)])
        }
        #expect(error?.code == .invalidInput)
        #expect(try fixture.storedEvents().isEmpty)
    }

    @Test func theAppenderChainsAcrossStreamsLikeSingleAppends() throws {
        let now = StoreFixture.at(1)
        let stored = try fixture.database.write { db in
            var appender = try EventStore.Appender(in: db)
            let a = try appender.append(history("INC-1", title: "A", hours: [0, 1]).map(NewEvent.init), to: "INC-1",
                                        expectedVersion: 0, recordedAt: now)
            let b = try appender.append(history("INC-2", title: "B", hours: [0]).map(NewEvent.init), to: "INC-2",
                                        expectedVersion: 0, recordedAt: now)
            return a + b
        }
        #expect(stored.map(\.sequence) == [1, 2, 3])
        #expect(stored[2].previousHash == stored[1].hash)
        #expect(try fixture.storedEvents() == stored)
    }
}

import BreachDomain
@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB
import Testing

/// The two-thread rebuild: the fold on its own connection and thread, the writer on the transaction's.
@Suite("Rebuild: fold and writer on two threads")
struct RebuildPipelineTests {
    let fixture: StoreFixture

    init() throws { fixture = try StoreFixture() }

    /// The rebuild run on this thread alone, as on a single core.
    private func rebuildInline() throws -> Projector.RebuildStats {
        try fixture.database.write { db in try Projector.rebuild(in: db) }
    }

    @Test func bothWaysWriteTheRowsTheAppendsWrote() throws {
        // Given a log long enough for many batches (the fold hands over 1,024 outputs at a time)
        try fixture.generate(incidents: 400)
        let events = try fixture.storedEvents().count
        let incremental = try fixture.readModels()
        #expect(events > 4 * RebuildFold.batchSize)
        // When rebuilt on two threads, then on one
        let concurrent = try fixture.service().rebuild()
        let afterConcurrent = try fixture.readModels()
        let inline = try rebuildInline()
        // Then both give exactly the incrementally maintained rows and count every event and incident
        #expect(afterConcurrent == incremental)
        #expect(try fixture.readModels() == incremental)
        #expect(concurrent.events == events && inline.events == events)
        #expect(concurrent.incidents == 400 && inline.incidents == 400)
    }

    @Test(arguments: [true, false])
    func anUnreadableEventLateInTheLogRollsEverythingBack(concurrently: Bool) throws {
        // Given a log spanning many batches whose last stream has an unreadable payload
        try fixture.generate(incidents: 300)
        let before = try fixture.readModels()
        let last = try #require(try fixture.storedEvents().filter { !$0.isContactEvent }.max { ($0.stream, $0.version) < ($1.stream, $1.version) })
        try fixture.tamper("UPDATE events SET payload = '{\"text\": ' WHERE sequence = \(last.sequence)")
        // When rebuilt, the error reaches the caller after earlier batches were written
        let error = #expect(throws: BreachError.self) {
            if concurrently { _ = try fixture.service().rebuild() } else { _ = try rebuildInline() }
        }
        #expect(error?.message.contains("#\(last.sequence)") == true, "\(error?.message ?? "")")
        // Then the transaction rolled back: the read models are those from before
        #expect(try fixture.readModels() == before)
    }

    @Test func aRowTheWriterRefusesStopsTheFoldAndRollsBack() throws {
        // Given a log where INC-01 and INC-1 both claim incident number 1 (written behind breach's back),
        // sorted first so the writer fails while the fold still has hundreds of streams to read
        try fixture.generate(incidents: 300)
        _ = try fixture.database.write { db in
            try EventStore.append([
                .init(type: "incident.detected", payload: IncidentEvent.detected(title: "Twin", kind: "data-breach", severity: .low, summary: nil).payload,
                      effectiveAt: StoreFixture.at(1), actor: "x"),
            ], to: "INC-01", expectedVersion: 0, recordedAt: StoreFixture.at(1), in: db)
        }
        let before = try fixture.readModels()
        // When rebuilt on two threads
        let error = #expect(throws: BreachError.self) { _ = try fixture.service().rebuild() }
        // Then SQLite's refusal is the error, the folding thread stopped (the call returned), nothing changed
        #expect(error?.message.contains("UNIQUE") == true, "\(error?.message ?? "")")
        #expect(try fixture.readModels() == before)
        // And the database is usable at once: no thread still holds a read transaction open on it
        #expect(try fixture.service().timeline("INC-1").isEmpty == false)
    }
}

@Suite("RebuildChannel")
struct RebuildChannelTests {
    @Test func batchesArriveInOrderThenTheEnd() throws {
        let channel = RebuildChannel<Int>(capacity: 2)
        let producer = Thread {
            for value in 1...10 { _ = channel.send(value) }
            channel.finish()
        }
        producer.start()
        var received: [Int] = []
        while let value = try channel.receive() { received.append(value) }
        #expect(received == Array(1...10))
    }

    @Test func aSenderWaitsWhileTheChannelIsFull() throws {
        let channel = RebuildChannel<Int>(capacity: 1)
        #expect(channel.send(1))
        let sent = DispatchSemaphore(value: 0)
        Thread { _ = channel.send(2); sent.signal() }.start()
        // The second send cannot complete until the first batch is taken.
        #expect(sent.wait(timeout: .now() + 0.2) == .timedOut)
        #expect(try channel.receive() == 1)
        #expect(sent.wait(timeout: .now() + 5) == .success)
        #expect(try channel.receive() == 2)
    }

    @Test func theProducersErrorComesAfterItsBatches() throws {
        struct Broken: Error {}
        let channel = RebuildChannel<Int>(capacity: 4)
        #expect(channel.send(1))
        channel.finish(error: Broken())
        #expect(try channel.receive() == 1)
        #expect(throws: Broken.self) { _ = try channel.receive() }
    }

    @Test func cancellingReleasesAWaitingSenderAndRefusesTheNext() throws {
        let channel = RebuildChannel<Int>(capacity: 1)
        #expect(channel.send(1))
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Thread { result.value = channel.send(2); done.signal() }.start()
        #expect(done.wait(timeout: .now() + 0.2) == .timedOut)
        channel.cancel()
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(result.value == false)
        #expect(channel.send(3) == false)
    }

    /// A value written by one thread and read by another after a semaphore orders them.
    private final class ResultBox: @unchecked Sendable { var value: Bool? }
}

import BreachDomain
@testable import BreachKit
import Foundation
import Testing

@Suite("IntegrityVerifier")
struct IntegrityVerifierTests {
    let store: StoreFixture

    init() throws {
        store = try StoreFixture()
        try store.populate()
    }

    /// Verifies and expects the chain to break first at `sequence`.
    private func expectChainBroken(at sequence: Int64, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try store.verify()
        #expect(!report.isIntact, sourceLocation: sourceLocation)
        #expect(report.chainProblem?.sequence == sequence, sourceLocation: sourceLocation)
        #expect(report.chainProblem?.message.contains(fragment) == true, "\(report.chainProblem?.message ?? "")",
                sourceLocation: sourceLocation)
    }

    @Test func anUntouchedDatabaseIsIntact() throws {
        let report = try store.verify()
        let events = try store.storedEvents()
        #expect(report.isIntact)
        #expect(report.chainProblem == nil)
        #expect(report.projectionProblem == nil)
        #expect(report.events == events.count)
        #expect(report.headSequence == Int64(events.count))
        #expect(report.headHash == events.last?.hash)
    }

    @Test func anEmptyDatabaseIsIntact() throws {
        let empty = try StoreFixture()
        let report = try empty.verify()
        #expect(report.isIntact)
        #expect(report.events == 0)
        #expect(report.headHash == EventHasher.genesis)
    }

    @Test func anEditedPayloadIsFoundAtItsSequence() throws {
        try store.tamper(#"UPDATE events SET payload = replace(payload, 'customer emails exposed', 'nothing exposed') WHERE sequence = 4"#)
        try expectChainBroken(at: 4, mentioning: "was modified")
    }

    @Test func aChangedTimestampIsFoundAtItsSequence() throws {
        try store.tamper("UPDATE events SET effective_at = '2026-11-28T08:00:00Z' WHERE sequence = 6")
        try expectChainBroken(at: 6, mentioning: "was modified")
    }

    @Test func aChangedActorIsFound() throws {
        try store.tamper("UPDATE events SET actor = 'mallory' WHERE sequence = 9")
        try expectChainBroken(at: 9, mentioning: "was modified")
    }

    @Test func aDeletedRowIsFoundAtItsSequence() throws {
        try store.tamper("DELETE FROM events WHERE sequence = 5")
        try expectChainBroken(at: 5, mentioning: "missing")
    }

    @Test func aDeletedFirstRowIsFound() throws {
        try store.tamper("DELETE FROM events WHERE sequence = 1")
        try expectChainBroken(at: 1, mentioning: "missing")
    }

    @Test func swappedRowsAreFoundAtTheFirstOfThem() throws {
        // Given rows 3 and 7 trade every column but their sequence
        let columns = "stream, version, type, schema_version, payload, effective_at, recorded_at, actor, prev_hash, hash"
        try store.tamper("""
            CREATE TEMP TABLE swap AS SELECT * FROM events WHERE sequence IN (3, 7);
            UPDATE events SET version = version + 1000000 WHERE sequence IN (3, 7);
            UPDATE events SET (\(columns)) = (SELECT \(columns) FROM swap WHERE swap.sequence = 7) WHERE sequence = 3;
            UPDATE events SET (\(columns)) = (SELECT \(columns) FROM swap WHERE swap.sequence = 3) WHERE sequence = 7;
            """)
        // Then the chain breaks at 3
        try expectChainBroken(at: 3, mentioning: "does not follow")
    }

    @Test func aTruncatedLogIsFoundThroughTheReadModels() throws {
        let last = try #require(try store.storedEvents().last)
        try store.tamper("DELETE FROM events WHERE sequence = \(last.sequence)")
        let report = try store.verify()
        #expect(report.chainProblem == nil)
        #expect(report.projectionProblem?.contains(last.stream) == true)
    }

    @Test(arguments: [
        ("UPDATE incidents SET title = 'Nothing to see' WHERE id = 'INC-1'", "title"),
        ("UPDATE incidents SET stage = 'closed' WHERE id = 'INC-3'", "stage"),
        ("UPDATE obligations SET met_at = '2026-11-28T10:00:00Z' WHERE obligation_id = 'notify-customers'", "met_at"),
        ("UPDATE notifications SET status = 'delivered' WHERE notification_id = 'n2'", "status"),
        ("DELETE FROM stage_intervals WHERE incident_id = 'INC-2' AND position = 1", "stage_intervals"),
        ("DELETE FROM due_work WHERE incident_id = 'INC-1'", "due_work"),
        ("UPDATE timeline SET summary = 'nothing happened' WHERE sequence = 2", "timeline"),
        ("UPDATE timeline SET sequence = 99 WHERE sequence = 3", "entry of event #3 is missing"),
        ("UPDATE timeline SET sequence = 0 WHERE sequence = 3", "entry #0 names no event of INC-1"),
        ("UPDATE timeline SET incident_id = 'INC-2' WHERE sequence = 3", "timeline has"),
        ("DELETE FROM timeline WHERE sequence = 4", "timeline"),
        ("INSERT INTO incidents SELECT 'INC-9', 9, title, kind, severity, summary, stage, detected_at, declared_at, aware_at, determined_at, closed_at, resolution, assignee, next_deadline_at, outstanding_obligations, version FROM incidents WHERE id = 'INC-3'", "INC-9"),
    ])
    func anEditedReadModelIsAProjectionDivergence(_ sql: String, _ fragment: String) throws {
        // Given a read model row edited behind breach's back
        try store.tamper(sql)
        // When verified
        let report = try store.verify()
        // Then the chain is fine but the projection divergence is reported, with the cure
        #expect(report.chainProblem == nil)
        #expect(!report.isIntact)
        #expect(report.projectionProblem?.contains(fragment) == true, "\(report.projectionProblem ?? "no problem reported")")
        #expect(report.projectionProblem?.contains("breach rebuild") == true)
    }
}

import BreachDomain
@testable import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// What the PostgreSQL backend asks the server, and how often (issue 14's benchmark rows): a check with
/// nothing due, a bulk append, the chain check per statement, reports streamed through a cursor.
@Suite("PostgreSQL round trips", .serialized, .timeLimit(.minutes(5)))
struct PostgresRoundTripTests: PostgresDatabaseSuite {
    let cluster: PostgresCluster
    let database: String

    init() throws {
        (cluster, database) = try Self.freshDatabase()
    }

    @Test("check with nothing due: one statement to open, one per read, and no wait for the writer lock")
    func checkWithNothingDue() throws {
        // Given a declared incident whose deadlines are days away, and another session holding the writer lock
        let setup = try PostgresStore.open(uri: uri, initialise: true)
        let inc = try service(setup).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil)
        try service(setup, at: 1).execute(.declare(awareAt: nil, reason: "exposed"), on: inc.id)
        let holder = try PostgresStore.open(uri: uri)
        try holder.connection.query("SELECT pg_advisory_lock($1)", [String(PostgresStore.writerLock)])
        defer { _ = try? holder.connection.query("SELECT pg_advisory_unlock($1)", [String(PostgresStore.writerLock)]) }
        // When a checker opens the database and runs a pass at hour 2
        let store = try PostgresStore.open(uri: uri)
        let opened = store.connection.roundTrips
        let checker = DeadlineChecker(service: service(store, at: 2), configuration: BreachConfiguration(), environment: [:])
        let result = Collected<Result<DeadlineChecker.Report, any Error>>()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            result.set(Result { try checker.run(dryRun: false) })
            done.signal()
        }
        let finished = done.wait(timeout: .now() + 10) == .success
        if !finished { _ = try? holder.connection.query("SELECT pg_advisory_unlock($1)", [String(PostgresStore.writerLock)]); done.wait() }
        // Then it finished without taking the writer lock: nothing was due, so nothing was claimed
        #expect(finished, "a check with nothing due waited for the writer lock")
        let report = try #require(result.value).get()
        #expect(report.warnings.isEmpty && report.missed.isEmpty && report.delivered.isEmpty)
        // And opening asked one statement; the pass, one read snapshot (nothing due, so the overdue incidents
        // and calendar-counted ones are asked in it too; no escalation contacts, so no registry read):
        // BEGIN, three statements, COMMIT
        #expect(opened == 1, "opening took \(opened) round trips")
        #expect(store.connection.roundTrips - opened <= 5, "the pass took \(store.connection.roundTrips - opened) round trips")
    }

    @Test("a bulk append in one unit of work goes out as multi-row INSERTs of many streams")
    func bulkAppend() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let before = store.connection.roundTrips
        let streams = (1...20).map { "INC-\($0)" }
        try store.write { unit in
            for stream in streams {
                let events = (1...3).map { index in
                    NewEvent(type: "incident.note_added", payload: .object([("text", .string("note \(index)"))]),
                             effectiveAt: StoreFixture.at(0), actor: "postgres")
                }
                _ = try unit.append(events, to: stream, expectedVersion: 0, recordedAt: StoreFixture.at(0))
            }
        }
        // BEGIN + lock, the chain head, one INSERT of the 60 rows, COMMIT
        let trips = store.connection.roundTrips - before
        #expect(trips <= 5, "\(trips) round trips for 20 appends")
        #expect(try cluster.psql("SELECT count(*) FROM events", database: database).hasPrefix("60"))
        #expect(try store.verify().chainProblem == nil, "the chain verifies (these appends have no read models)")
    }

    @Test("an append behind or ahead of the stream is a conflict and writes nothing")
    func expectedVersions() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let note = NewEvent(type: "incident.note_added", payload: .object([("text", .string("x"))]), effectiveAt: StoreFixture.at(0), actor: "postgres")
        _ = try store.write { try $0.append([note, note], to: "INC-1", expectedVersion: 0, recordedAt: StoreFixture.at(0)) }
        let head = try store.read { try $0.head() }
        // A second "new" stream of the same name (expected version 0, not asked for: refused by the unique key)
        let behind = #expect(throws: BreachError.self) {
            try store.write { try $0.append([note], to: "INC-1", expectedVersion: 0, recordedAt: StoreFixture.at(0)) }
        }
        #expect(behind?.code == .conflict)
        #expect(behind?.message.contains("INC-1") == true)
        // An expected version the stream has not reached
        let ahead = #expect(throws: BreachError.self) {
            try store.write { try $0.append([note], to: "INC-1", expectedVersion: 5, recordedAt: StoreFixture.at(0)) }
        }
        #expect(ahead?.code == .conflict)
        #expect(try store.read { try $0.head() } == head)
        #expect(try store.read { try $0.version(of: "INC-1") } == 2)
        // The store is usable after the refusals, and the expected version appends
        _ = try store.write { try $0.append([note], to: "INC-1", expectedVersion: 2, recordedAt: StoreFixture.at(0)) }
        #expect(try store.verify().chainProblem == nil, "the chain verifies (these appends have no read models)")
    }

    @Test("held-back appends are seen by the unit's own reads; a conflict among them fails the unit, nothing written")
    func heldBackAppends() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let note = NewEvent(type: "incident.note_added", payload: .object([("text", .string("x"))]), effectiveAt: StoreFixture.at(0), actor: "postgres")
        try store.write { unit in
            _ = try unit.append([note, note], to: "INC-1", expectedVersion: 0, recordedAt: StoreFixture.at(0))
            #expect(try unit.version(of: "INC-1") == 2)
            _ = try unit.append([note], to: "INC-1", expectedVersion: 2, recordedAt: StoreFixture.at(0))
            #expect(try unit.events(of: "INC-1").map(\.version) == [1, 2, 3])
            #expect(try unit.head().sequence == 3)
        }
        let head = try store.read { try $0.head() }
        let conflict = #expect(throws: BreachError.self) {
            try store.write { unit in
                _ = try unit.append([note], to: "INC-2", expectedVersion: 0, recordedAt: StoreFixture.at(0))
                _ = try unit.append([note], to: "INC-1", expectedVersion: 0, recordedAt: StoreFixture.at(0))
            }
        }
        #expect(conflict?.code == .conflict)
        #expect(conflict?.message.contains("INC-1") == true)
        #expect(try store.read { try $0.head() } == head)
        #expect(try store.read { try $0.version(of: "INC-2") } == 0)
        #expect(try store.verify().chainProblem == nil, "the chain verifies (these appends have no read models)")
    }

    @Test("the chain is checked once per INSERT statement: rows chaining within it pass, one broken link refuses all")
    func chainCheckedPerStatement() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        #expect(try cluster.psql("SELECT count(*) FROM pg_trigger WHERE tgname = 'events_chain' AND tgtype & 1 = 0", database: database).hasPrefix("1"),
                "a statement-level chain trigger")
        _ = try service(store).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil)
        let head = try store.read { try $0.head() }
        func row(_ sequence: Int64, _ previous: String, _ hash: String) -> String {
            "(\(sequence), 'S', \(sequence), 'incident.note_added', 1, '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '\(previous)', '\(hash)')"
        }
        let insert = "INSERT INTO events (sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, prev_hash, hash) VALUES "
        // Two rows, the second chaining to the first inside the same statement: accepted
        try cluster.psql(insert + row(head.sequence + 1, head.hash, "a") + ", " + row(head.sequence + 2, "a", "b"), database: database)
        // Three rows whose last does not chain: refused whole, naming it
        let refused = #expect(throws: PostgresCluster.ClusterError.self) {
            try cluster.psql(insert + [row(head.sequence + 3, "b", "c"), row(head.sequence + 4, "c", "d"), row(head.sequence + 5, "bogus", "e")]
                .joined(separator: ", "), database: database)
        }
        #expect(refused?.description.contains("event #\(head.sequence + 5) does not chain to event #\(head.sequence + 4)") == true)
        #expect(try cluster.psql("SELECT max(sequence) FROM events", database: database).hasPrefix("\(head.sequence + 2)"))
        // A first row that does not chain to the log's head: refused
        #expect(throws: PostgresCluster.ClusterError.self) {
            try cluster.psql(insert + row(head.sequence + 3, "a", "c"), database: database)
        }
    }

    @Test("rows streamed through a cursor come in order across batches; a body that throws leaves the connection usable")
    func cursorBatches() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let connection = store.connection
        var seen: [Int] = []
        try connection.execute("BEGIN")
        try connection.forEachRow("SELECT generate_series(1, $1::int)", ["25"], batch: 10) { rows, row in seen.append(rows.int(row, 0) ?? -1) }
        #expect(seen == Array(1...25))
        // Exactly a batch's worth: the last, empty batch ends it
        seen = []
        try connection.forEachRow("SELECT generate_series(1, 20)", batch: 10) { rows, row in seen.append(rows.int(row, 0) ?? -1) }
        #expect(seen == Array(1...20))
        try connection.execute("COMMIT")
        // A body failing mid-batch, while the next batch is already asked for
        struct Stop: Error {}
        try connection.execute("BEGIN")
        #expect(throws: Stop.self) {
            try connection.forEachRow("SELECT generate_series(1, 35)", batch: 10) { rows, row in if rows.int(row, 0) == 12 { throw Stop() } }
        }
        try connection.execute("ROLLBACK")
        #expect(try connection.query("SELECT 41 + 1").int(0, 0) == 42)
        // A body that runs statements of its own on the connection (a rebuild writes while it reads)
        seen = []
        var sums: [Int] = []
        try connection.execute("BEGIN")
        try connection.forEachRow("SELECT generate_series(1, 25)", batch: 10) { rows, row in
            let value = rows.int(row, 0) ?? -1
            seen.append(value)
            sums.append(try connection.query("SELECT $1::int + 1000", [String(value)]).int(0, 0) ?? -1)
        }
        try connection.execute("COMMIT")
        #expect(seen == Array(1...25))
        #expect(sums == (1...25).map { $0 + 1000 })
    }

    @Test("integers are read from libpq's bytes as Int(text) would read them")
    func integers() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let rows = try store.connection.query("SELECT -42, 0, NULL::int, 9223372036854775807, -9223372036854775808, '12a', '', '-', '3.5', 7::bigint")
        #expect((0..<rows.columns).map { rows.int(0, $0) } == [-42, 0, nil, Int.max, Int.min, nil, nil, nil, nil, 7])
    }
}

/// A value set by another thread.
private final class Collected<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    func set(_ value: Value) { lock.withLock { stored = value } }
    var value: Value? { lock.withLock { stored } }
}

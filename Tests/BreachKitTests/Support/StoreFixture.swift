import BreachDomain
import BreachDatasets
@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB

/// A breach database file in its own temporary directory, and services acting on it at chosen times.
struct StoreFixture {
    let directory: TemporaryDirectory
    let path: String
    let database: BreachDatabase

    static let start = RFC3339.parse("2026-11-28T09:00:00Z")!

    static func at(_ hours: Double) -> Date { start.addingTimeInterval(hours * 3600) }

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("breach.db")
        database = try BreachDatabase.open(path: path)
    }

    /// The service acting at hour `hours` as `actor`, with the fake playbook's rules.
    func service(at hours: Double = 0, actor: String = "alice", on database: BreachDatabase? = nil,
                 rules: any IncidentRulesProvider = FakeRulesProvider()) -> IncidentService {
        IncidentService(database: database ?? self.database, clock: FixedClock(Self.at(hours)), actor: actor,
                        wallClock: FixedClock(Self.at(hours).addingTimeInterval(0.25)), rulesProvider: rules)
    }

    /// The shipped data-breach playbook, which generated data sets follow.
    static let dataBreachPlaybook = try! PlaybookLoader.load(contentsOf: PlaybookTestPaths.playbooks.appendingPathComponent("data-breach.yml"))

    /// Writes a seeded `DatasetGenerator` data set of `incidents` incidents through the real API, as
    /// `scripts/bench` does (64 incidents per batch, acting as `bench`).
    @discardableResult
    func generate(_ scenario: DatasetGenerator.Scenario = .mixed, incidents: Int, start: Date? = nil) throws -> DatasetGenerator.Summary {
        var options = DatasetGenerator.Options(scenario: scenario, incidents: incidents, batchSize: 64)
        if let start { options.start = start }
        let service = IncidentService(database: database, clock: FixedClock(options.start), actor: "bench", wallClock: FixedClock(options.start))
        return try DatasetGenerator(playbook: Self.dataBreachPlaybook, options: options).write(to: service)
    }

    /// Appends events no command produces yet (notifications, warnings), as the checker and delivery will.
    @discardableResult
    func record(_ events: [IncidentEvent], on id: String, at hours: Double) throws -> Incident {
        let service = service(at: hours, actor: "breach-check")
        let state = try service.load(id)
        return try database.write { db in try service.append(events, to: id, state: state, at: Self.at(hours), in: db) }
    }

    /// Three incidents with a varied history: declared with notifications and a waiver, closed and reopened, fresh.
    func populate() throws {
        let inc1 = try service(at: 0).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: "public ACL")
        try service(at: 1).execute(.checkItem("triage"), on: inc1.id)
        try service(at: 2, actor: "bob").execute(.advance(to: nil, reason: nil, force: false), on: inc1.id)
        try service(at: 3).execute(.declare(awareAt: Self.at(1), reason: "customer emails exposed"), on: inc1.id)
        try record([.notificationQueued(Self.notification("n1", for: "notify-dpa", to: "dpa").queued),
                    .notificationQueued(Self.notification("n2", for: "notify-customers", to: "acme", via: "webhook").queued)],
                   on: inc1.id, at: 4)
        try record([.notificationDelivered(Self.notification("n1", for: "notify-dpa", to: "dpa").attempt),
                    .notificationAttempted(Self.notification("n2", for: "notify-customers", to: "acme", via: "webhook")
                        .setting("receipt", to: .string("HTTP 503")).setting("next_attempt_at", to: .time(Self.at(5))).attempt)],
                   on: inc1.id, at: 4.5)
        try record([.deadlineWarning(obligationID: "notify-customers", thresholdSeconds: 21_600, dueAt: Self.at(75))], on: inc1.id, at: 69)
        try service(at: 70).execute(.waive(obligationID: "sec-8k", reason: "not material"), on: inc1.id)
        try service(at: 71).execute(.assign("carol"), on: inc1.id)

        let inc2 = try service(at: 10).detect(title: "Phishing wave", kind: "phishing", severity: .medium, summary: nil)
        try service(at: 11).execute(.advance(to: .diagnose, reason: "obvious", force: true), on: inc2.id)
        try service(at: 12).execute(.note("false positive\nafter all"), on: inc2.id)
        try service(at: 13).execute(.close(resolution: "false positive"), on: inc2.id)
        try service(at: 14).execute(.reopen(to: .assess, reason: "second wave"), on: inc2.id)

        try service(at: 20).detect(title: "Odd login", kind: "account-takeover", severity: .low, summary: nil)
    }

    static func notification(_ id: String, for obligation: String, to contact: String, via channel: String = "email") -> JSONValue {
        .object([("notification_id", .string(id)), ("obligation_id", .string(obligation)), ("contact_id", .string(contact)),
                 ("channel", .string(channel)), ("receipt", .string("250 OK"))])
    }

    /// Runs `sql` through a separate plain connection, with the append-only triggers dropped: what a tamperer can do.
    func tamper(_ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS events_are_append_only_update; DROP TRIGGER IF EXISTS events_are_append_only_delete")
            try db.execute(sql: sql)
        }
    }

    /// Every row of every read model, in a stable order, for comparing two states.
    func readModels() throws -> [String: [[DatabaseValue]]] {
        let tables = IncidentProjection.columns.map(\.table) + ["timeline"]
        return try database.read { db in
            var rows: [String: [[DatabaseValue]]] = [:]
            for table in tables {
                let columns = try db.columns(in: table).map(\.name)
                rows[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(columns.joined(separator: ", "))")
                    .map { row in columns.map { row[$0] as DatabaseValue } }
            }
            return rows
        }
    }

    /// The integrity report of the file as it is now.
    func verify() throws -> IntegrityVerifier.Report { try database.read { db in try IntegrityVerifier.verify(in: db) } }

    /// Every stored event, in sequence order.
    func storedEvents() throws -> [StoredEvent] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM events ORDER BY sequence").map(StoredEvent.init(row:)) }
    }
}

/// The fake playbook for every incident kind.
struct FakeRulesProvider: IncidentRulesProvider {
    func validateKind(_ kind: String) throws {}

    func rules(forKind kind: String) throws -> IncidentRules? {
        IncidentRules(stages: FakePlaybook.standard, declaration: FakePlaybook.standard)
    }
}

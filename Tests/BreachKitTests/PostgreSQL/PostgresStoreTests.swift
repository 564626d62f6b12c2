import BreachDatasets
import BreachDomain
@testable import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// The PostgreSQL backend against a real PostgreSQL 15 server started by the tests (`PostgresCluster`).
@Suite("PostgreSQL store", .serialized, .timeLimit(.minutes(5)))
struct PostgresStoreTests: PostgresDatabaseSuite {
    let cluster: PostgresCluster
    let database: String

    init() throws {
        (cluster, database) = try Self.freshDatabase()
    }

    @Test("init creates the schema; a database without it is refused until then")
    func initialisation() throws {
        let refused = #expect(throws: BreachError.self) { _ = try PostgresStore.open(uri: uri) }
        #expect(refused?.code == .database)
        #expect(refused?.message.contains("breach init") == true)
        let store = try PostgresStore.open(uri: uri, initialise: true)
        #expect(store.sessionUser == "postgres")
        #expect(try cluster.psql("SELECT max(version) FROM breach_migrations", database: database).trimmingCharacters(in: .whitespacesAndNewlines) == "\(PostgresSchema.latest)")
        let roles = try cluster.psql("SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname LIKE 'breach\\_%'")
        #expect(roles.trimmingCharacters(in: .whitespacesAndNewlines) == "breach_admin,breach_checker,breach_compliance,breach_responder,breach_server")
        // A second init (or a second database on the cluster) reuses the roles.
        _ = try PostgresStore.open(uri: uri, initialise: true)
        _ = try PostgresStore.open(uri: uri)
    }

    @Test("another application's database and a newer breach's are refused and left unchanged")
    func foreignAndNewer() throws {
        try cluster.psql("CREATE TABLE orders (id int); INSERT INTO orders VALUES (1)", database: database)
        let foreign = #expect(throws: BreachError.self) { _ = try PostgresStore.open(uri: uri, initialise: true) }
        #expect(foreign?.message.contains("another application") == true)
        #expect(try cluster.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database: database).hasPrefix("1"))

        let other = try cluster.makeDatabase()
        _ = try PostgresStore.open(uri: cluster.uri(database: other), initialise: true)
        try cluster.psql("INSERT INTO breach_migrations (version) VALUES (\(PostgresSchema.latest + 1))", database: other)
        let newer = #expect(throws: BreachError.self) { _ = try PostgresStore.open(uri: cluster.uri(database: other), initialise: true) }
        #expect(newer?.message.contains("newer breach") == true)
        #expect(try cluster.psql("SELECT max(version) FROM breach_migrations", database: other).hasPrefix("\(PostgresSchema.latest + 1)"))
    }

    @Test("a database at an older schema is refused until init upgrades it; the upgrade indexes the log it holds")
    func upgrade() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        _ = try service(store).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil)
        // Back to schema v2, before the calendar index (v3), the statement-level chain check (v4) and the
        // due-order index (v5), as an earlier release left it: v2's row trigger checked the chain itself.
        let v2 = try #require(PostgresSchema.migrations.first { $0.version == 2 }).sql
        try cluster.psql("""
            DROP INDEX due_work_in_due_order; CREATE INDEX due_work_by_time ON due_work (due_at);
            DROP TRIGGER events_chain ON events; DROP FUNCTION breach_events_chain(); DROP INDEX events_counting_calendars;
            DELETE FROM breach_migrations WHERE version > 2;
            \(v2.replacingOccurrences(of: "ALTER TABLE events ADD COLUMN login text;", with: ""))
            """, database: database)
        let refused = #expect(throws: BreachError.self) { _ = try PostgresStore.open(uri: uri) }
        #expect(refused?.message.contains("needs v\(PostgresSchema.latest); run `breach init") == true)
        let upgraded = try PostgresStore.open(uri: uri, initialise: true)
        #expect(try cluster.psql("SELECT max(version) FROM breach_migrations", database: database).hasPrefix("\(PostgresSchema.latest)"))
        #expect(try cluster.psql("SELECT to_regclass('public.events_counting_calendars') IS NOT NULL", database: database).hasPrefix("t"))
        #expect(try cluster.psql("SELECT count(*) FROM pg_trigger WHERE tgname = 'events_chain'", database: database).hasPrefix("1"))
        #expect(try cluster.psql("SELECT to_regclass('public.due_work_in_due_order') IS NOT NULL AND to_regclass('public.due_work_by_time') IS NULL",
                                 database: database).hasPrefix("t"))
        #expect(try upgraded.verify().isIntact)
        // And appends after the upgrade chain through the new trigger
        _ = try service(upgraded, at: 1).detect(title: "Second", kind: "data-breach", severity: .low, summary: nil)
        #expect(try upgraded.verify().isIntact)
    }

    @Test("appends chain, project and verify; the log is append-only even for the owner")
    func appendAndVerify() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let inc = try service(store).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil)
        try service(store, at: 1).execute(.note("first look"), on: inc.id)
        try service(store, at: 2).execute(.declare(awareAt: nil, reason: "exposed"), on: inc.id)
        let report = try store.verify()
        #expect(report.isIntact, "\(String(describing: report.chainProblem)) \(String(describing: report.projectionProblem))")
        #expect(report.events >= 3)
        #expect(try service(store).list(IncidentFilter()).map(\.id) == [inc.id])
        #expect(throws: PostgresCluster.ClusterError.self) { try cluster.psql("UPDATE events SET actor = 'mallory'", database: database) }
        #expect(throws: PostgresCluster.ClusterError.self) { try cluster.psql("DELETE FROM events", database: database) }
        #expect(throws: PostgresCluster.ClusterError.self) { try cluster.psql("TRUNCATE events", database: database) }
        // An insert that names another actor, or breaks the chain, is refused by the database itself.
        let forged = #expect(throws: PostgresCluster.ClusterError.self) {
            try cluster.psql("""
                INSERT INTO events (sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, actor, prev_hash, hash)
                SELECT sequence + 1, stream, version + 1, type, 1, '{}', effective_at, recorded_at, 'mallory', hash, 'x'
                FROM events ORDER BY sequence DESC LIMIT 1
                """, database: database)
        }
        #expect(forged?.description.contains("database login") == true)
        let unchained = #expect(throws: PostgresCluster.ClusterError.self) {
            try cluster.psql("""
                INSERT INTO events (sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, prev_hash, hash)
                SELECT sequence + 1, stream, version + 1, type, 1, '{}', effective_at, recorded_at, 'bogus', 'x'
                FROM events ORDER BY sequence DESC LIMIT 1
                """, database: database)
        }
        #expect(unchained?.description.contains("does not chain") == true)
        #expect(try store.verify().isIntact)
    }

    @Test("the actor is the login: a service acting as anyone else is refused, nothing written")
    func actorIsTheLogin() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let error = #expect(throws: BreachError.self) {
            _ = try service(store, actor: "mallory").detect(title: "x", kind: "data-breach", severity: .low, summary: nil)
        }
        #expect(error?.code == .invalidInput)
        #expect(try store.read { try $0.head() } == .genesis)
        let inc = try service(store).detect(title: "x", kind: "data-breach", severity: .low, summary: nil)
        #expect(try store.read { try $0.events(of: inc.id) }.allSatisfy { $0.actor == "postgres" })
    }

    @Test("a log copied SQLite → PostgreSQL → SQLite verifies with the same head hash everywhere")
    func copyBothWays() throws {
        let fixture = try StoreFixture()
        try fixture.populate()
        try fixture.generate(.mixed, incidents: 40)
        let sqlite = SQLiteStore(database: fixture.database)
        let original = try sqlite.verify()
        #expect(original.isIntact)
        let postgres = try PostgresStore.open(uri: uri, initialise: true)
        let there = try LogCopier.copy(from: sqlite, to: postgres)
        #expect(there.events == original.events)
        let onPostgres = try postgres.verify()
        #expect(onPostgres.isIntact, "\(String(describing: onPostgres.projectionProblem))")
        #expect(onPostgres.headHash == original.headHash)
        #expect(onPostgres.headSequence == original.headSequence)
        // The read models answer the same questions on both backends.
        let filter = IncidentFilter()
        #expect(try postgres.read { try $0.incidentSummaries(filter, now: StoreFixture.at(100)) }
            == sqlite.read { try $0.incidentSummaries(filter, now: StoreFixture.at(100)) })
        var slaPG: [SLAAggregate] = [], slaLite: [SLAAggregate] = []
        try postgres.read { try $0.forEachSLAAggregate(ReportWindow(), now: StoreFixture.at(100)) { slaPG.append($0) } }
        try sqlite.read { try $0.forEachSLAAggregate(ReportWindow(), now: StoreFixture.at(100)) { slaLite.append($0) } }
        #expect(slaPG == slaLite)
        #expect(try postgres.read { try $0.metricsSnapshot(now: StoreFixture.at(100)) } == sqlite.read { try $0.metricsSnapshot(now: StoreFixture.at(100)) })

        let back = try SQLiteStore.open(path: fixture.directory.path("back.db"))
        _ = try LogCopier.copy(from: postgres, to: back)
        let onBack = try back.verify()
        #expect(onBack.isIntact)
        #expect(onBack.headHash == original.headHash)
        // A target that holds events is refused.
        let refused = #expect(throws: BreachError.self) { _ = try LogCopier.copy(from: sqlite, to: postgres) }
        #expect(refused?.code == .refused)
    }

    @Test("rebuild refolds the read models from the log")
    func rebuild() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let inc = try service(store).detect(title: "Leaked", kind: "data-breach", severity: .high, summary: nil)
        try service(store, at: 1).execute(.declare(awareAt: nil, reason: "r"), on: inc.id)
        try cluster.psql("UPDATE incidents SET title = 'tampered'", database: database)
        #expect(try store.verify().projectionProblem?.contains("title") == true)
        let stats = try store.rebuild(progress: nil)
        #expect(stats.incidents == 1)
        #expect(try store.verify().isIntact)
    }

    @Test("concurrent detects on separate connections get distinct, gapless numbers")
    func concurrentNumbering() throws {
        _ = try PostgresStore.open(uri: uri, initialise: true)
        let ids = Collected(), failures = Collected()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                let store = try PostgresStore.open(uri: uri)
                for _ in 0..<5 {
                    let inc = try service(store).detect(title: "w\(worker)", kind: "data-breach", severity: .low, summary: nil)
                    ids.add(inc.id)
                }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let numbers = ids.all.compactMap(IncidentID.number(of:)).sorted()
        #expect(numbers == Array(1...20))
        #expect(try PostgresStore.open(uri: uri).verify().isIntact)
    }

    /// A fresh database with one declared incident and two webhook notifications queued on it (n1, n2),
    /// due from `StoreFixture.at(2)`.
    private func storeWithTwoQueuedWebhooks() throws -> PostgresStore {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let inc = try service(store).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil)
        try service(store, at: 1).execute(.declare(awareAt: nil, reason: "exposed"), on: inc.id)
        let state = try service(store, at: 2).load(inc.id)
        _ = try store.write { unit in
            try service(store, at: 2).append(["n1", "n2"].map {
                .notificationQueued(StoreFixture.notification($0, for: "notify-customers", to: "acme", via: "webhook").queued)
            }, to: inc.id, state: state, at: StoreFixture.at(2), in: unit)
        }
        return store
    }

    @Test("due notifications read on after a cursor: the rest in due order, ties broken by id")
    func dueNotificationsAfterACursor() throws {
        let store = try storeWithTwoQueuedWebhooks()
        let now = StoreFixture.at(3)
        try store.read { reader in
            let all = try reader.dueNotifications(by: now, incidentID: nil, limit: 100)
            #expect(all.map(\.notificationID) == ["n1", "n2"])
            #expect(try reader.dueNotifications(by: now, incidentID: nil, after: all[0].cursor, limit: 100).map(\.notificationID) == ["n2"])
            #expect(try reader.dueNotifications(by: now, incidentID: nil, after: all[1].cursor, limit: 100).isEmpty)
            let earlier = DueCursor(dueAt: "2000-01-01T00:00:00Z", incidentID: "INC-1", notificationID: "zz")
            #expect(try reader.dueNotifications(by: now, incidentID: nil, after: earlier, limit: 100).map(\.notificationID) == ["n1", "n2"])
            // Up to a cursor, included: what a sliced queue's claims read.
            #expect(try reader.dueNotifications(by: now, incidentID: nil, after: nil, through: all[0].cursor, limit: 100)
                .map(\.notificationID) == ["n1"])
            #expect(try reader.dueNotifications(by: now, incidentID: nil, after: all[0].cursor, through: all[1].cursor, limit: 100)
                .map(\.notificationID) == ["n2"])
            #expect(try reader.dueNotifications(by: now, incidentID: nil, after: nil, through: earlier, limit: 100).isEmpty)
        }
    }

    @Test("queueing, claiming and recording cost round trips per batch, not per notification")
    func roundTripsPerBatch() throws {
        func roundTrips(_ count: Int) throws -> [Int] {
            let store = try PostgresStore.open(uri: cluster.uri(database: try cluster.makeDatabase()), initialise: true)
            let inc = try service(store).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil)
            try service(store, at: 1).execute(.declare(awareAt: nil, reason: "exposed"), on: inc.id)
            let state = try service(store, at: 2).load(inc.id)
            let ids = (1...count).map { String(format: "n%04d", $0) }
            var trips = [store.connection.roundTrips]
            _ = try store.write { unit in
                try service(store, at: 2).append(ids.map {
                    .notificationQueued(StoreFixture.notification($0, for: "notify-customers", to: "acme-\($0)", via: "webhook").queued)
                }, to: inc.id, state: state, at: StoreFixture.at(2), in: unit)
            }
            trips.append(store.connection.roundTrips)
            let holder = "\(ProcessInfo.processInfo.hostName):1:run"
            let claimer = DeliveryClaimer(store: store, configuration: BreachConfiguration(), secrets: WebhookSecrets(environment: [:]), holder: holder)
            var waiting: [String: Int] = [:]
            let states = FoldedIncidents()
            let slice = try claimer.claim(incidentID: nil, limit: 10_000, now: StoreFixture.at(3), wallNow: StoreFixture.at(3),
                                          states: states, waiting: &waiting)
            #expect(slice.claimed.count == ids.count)
            trips.append(store.connection.roundTrips)
            let recorder = DeliveryRecorder(service: service(store, at: 3), configuration: BreachConfiguration(), holder: holder, logger: .silent)
            var report = NotificationOutbox.RunReport()
            try recorder.record(ids.map { DeliveryResult(notificationID: $0, receipt: DeliveryReceipt(outcome: .delivered, receipt: "HTTP 200", httpStatus: 200)) },
                                incidentOf: { _ in inc.id }, states: states, now: StoreFixture.at(3), report: &report)
            #expect(report.delivered.count == ids.count)
            trips.append(store.connection.roundTrips)
            #expect(try service(store).verify().isIntact)
            return zip(trips.dropFirst(), trips).map { $0 - $1 }
        }
        // Queue, claim, record: the same round trips for 5 notifications as for 100.
        let few = try roundTrips(5), many = try roundTrips(100)
        #expect(few == many, "round trips for 5: \(few), for 100: \(many)")
    }

    @Test("notify queues a large audience in slices and sends it as it queues: each delivered once, the obligation met last")
    func slicedNotify() throws {
        let store = try PostgresStore.open(uri: cluster.uri(database: try cluster.makeDatabase()), initialise: true)
        let directory = try TestDirectory("pg-sliced-notify")
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        let (service, outbox, id) = try OutboxAudience.incident(recipients: 120, server: server, store: store, actor: "postgres")
        // Not by default on PostgreSQL (the server does most of the queueing; slices held the senders back),
        // but it must be as correct as on SQLite.
        #expect(outbox.slicedQueueing.threshold == .max)
        outbox.slicedQueueing = .init(threshold: 30, slice: 16)
        let (queued, report) = try outbox.notify(incidentID: id, obligationID: "customer-admins")
        #expect(queued.notifications.count == 120)
        #expect(report.delivered.count == 120)
        #expect(Set(report.delivered.map(\.notification.id)) == Set(queued.notifications.map(\.id)))
        #expect(server.log(atLeast: 120).count == 120)
        let incident = try service.load(id)
        #expect(incident.notifications.allSatisfy { $0.status == .delivered })
        #expect(incident.obligation("customer-admins")?.metAt != nil)
        #expect(try service.verify().isIntact)
    }

    /// A new database with one declared incident and `count` webhooks queued on it in one append, all due
    /// at one time, and no statistics yet (as right after a large `notify`) unless `statistics` says otherwise:
    /// the store, the incident's id and the database's name.
    private func storeWithQueuedWebhooks(_ count: Int, statistics: Statistics = .none) throws -> (PostgresStore, String, String) {
        let database = try cluster.makeDatabase()
        let store = try PostgresStore.open(uri: cluster.uri(database: database), initialise: true)
        let inc = try service(store).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil)
        try service(store, at: 1).execute(.declare(awareAt: nil, reason: "exposed"), on: inc.id)
        if statistics == .beforeTheBreach { _ = try cluster.psql("ANALYZE", database: database) }
        let state = try service(store, at: 2).load(inc.id)
        _ = try store.write { unit in
            try service(store, at: 2).append((1...count).map {
                .notificationQueued(StoreFixture.notification(String(format: "\(inc.id).n%04d", $0), for: "notify-customers", to: "c\($0)", via: "webhook").queued)
            }, to: inc.id, state: state, at: StoreFixture.at(2), in: unit)
        }
        switch statistics {
        case .none, .beforeTheBreach:
            break
        case .upgrade:
            _ = try cluster.psql("UPDATE pg_class SET reltuples = 3, relpages = 1 WHERE relname = 'due_work'", database: database)
        case .analysed:
            _ = try cluster.psql("ANALYZE", database: database)
        }
        return (store, inc.id, database)
    }

    /// An `EXPLAIN`'s rows, one line each.
    private func planLines(_ plan: PGResult) -> String {
        (0..<plan.count).map { plan.string($0, 0) }.joined(separator: "\n")
    }

    /// The plan of a claim's read as it runs (within `inDueOrderPlanning`), executed too when `analyse`.
    private func claimPlan(_ query: (String, [String?]), in store: PostgresStore, analyse: Bool = false) throws -> String {
        try planLines(store.write { unit in
            try (unit as! PostgresUnitOfWork).inDueOrderPlanning {
                try store.connection.query((analyse ? "EXPLAIN ANALYZE " : "EXPLAIN ") + query.0, query.1)
            }
        })
    }

    @Test("the claim right after a large queue (no statistics yet) finds each work item by key, not by scanning them all")
    func claimAfterALargeQueueIsNotQuadratic() throws {
        let count = 600
        let (store, inc, _) = try storeWithQueuedWebhooks(count)
        for incidentID in [inc, nil] {
            let plan = try claimPlan(PostgresUnitOfWork.dueNotificationsQuery(by: StoreFixture.at(3), incidentID: incidentID, after: nil,
                                                                              limit: 256, locking: true), in: store, analyse: true)
            // Rows a join compared and threw away: a scan of every work item per notification removes count² of them.
            let removed = plan.split(separator: "\n").compactMap { line in
                line.range(of: "Rows Removed by Join Filter: ").map { Int(line[$0.upperBound...].prefix { $0.isNumber }) ?? 0 }
            }.reduce(0, +)
            #expect(removed < count, "\(removed) rows compared and removed:\n\(plan)")
        }
    }

    @Test("a claim slice reads the due-order index from its cursor and stops at its limit: no sort of every row due at once")
    func claimSliceReadsTheDueOrderIndex() throws {
        let count = 600
        let (store, inc, _) = try storeWithQueuedWebhooks(count)
        let due = try store.read { try $0.dueNotifications(by: StoreFixture.at(3), incidentID: inc, limit: count) }
        #expect(due.count == count)
        // Slices 100 to 163 (of 600 due at one time), read on after one cursor and up to another.
        let plan = try claimPlan(PostgresUnitOfWork.dueNotificationsQuery(by: StoreFixture.at(3), incidentID: inc, after: due[99].cursor,
                                                                          through: due[299].cursor, limit: 64, locking: true),
                                 in: store, analyse: true)
        #expect(plan.contains("Index Scan using due_work_in_due_order"), "\(plan)")
        #expect(!plan.contains("Sort"), "\(plan)")
        let slice = try store.write { unit in
            try unit.dueNotifications(by: StoreFixture.at(3), incidentID: inc, after: due[99].cursor, through: due[299].cursor, limit: 64)
        }
        #expect(slice.map(\.notificationID) == due[100..<164].map(\.notificationID))
    }

    /// The statistics a store can have while a large audience is claimed and recorded: none (a new
    /// database), autovacuum's from before the breach (the incident's three obligations due), an upgrade's
    /// (`CREATE INDEX` on a table of three rows), or autovacuum's of the queue itself.
    enum Statistics: String, CaseIterable, CustomTestStringConvertible {
        case none, beforeTheBreach, upgrade, analysed
        var testDescription: String { rawValue }
    }

    @Test("every claim reads the due-order index from its cursor, not a sort of every due row, whatever the statistics",
          arguments: Statistics.allCases)
    func claimsReadTheDueOrderIndexWhateverTheStatistics(_ statistics: Statistics) throws {
        let count = 2_000
        let (store, inc, _) = try storeWithQueuedWebhooks(count, statistics: statistics)
        let due = try store.read { try $0.dueNotifications(by: StoreFixture.at(3), incidentID: inc, limit: count) }
        for (incidentID, after) in [(inc, nil), (nil, nil), (inc, due[999].cursor), (nil, due[999].cursor)] {
            let plan = try claimPlan(PostgresUnitOfWork.dueNotificationsQuery(by: StoreFixture.at(3), incidentID: incidentID, after: after,
                                                                              limit: 256, locking: true), in: store)
            #expect(plan.contains("Index Scan using due_work_in_due_order") && !plan.contains("Sort"),
                    "incident \(incidentID ?? "any"), cursor \(after == nil ? "none" : "set"):\n\(plan)")
        }
        // What the planning settings were is what they are after: nothing else in the transaction is planned without sorts.
        let setting = try store.write { unit in
            _ = try unit.dueNotifications(by: StoreFixture.at(3), incidentID: inc, after: nil, through: nil, limit: 1)
            return try store.connection.query("SELECT current_setting('enable_sort')").string(0, 0)
        }
        #expect(setting == "on")
    }

    @Test("a recorded chunk's due items are deleted a primary-key probe each, whatever the statistics", arguments: Statistics.allCases)
    func dueItemsAreDeletedByKeyWhateverTheStatistics(_ statistics: Statistics) throws {
        let count = 2_000
        let (store, inc, _) = try storeWithQueuedWebhooks(count, statistics: statistics)
        let keys = (1001...1128).map { DueWork.notificationPrefix + String(format: "\(inc).n%04d", $0) }
        let plan = try planLines(store.write { unit in
            try (unit as! PostgresUnitOfWork).planning(without: PostgresProjector.deleteDueItemsDisables) {
                try store.connection.query("EXPLAIN ANALYZE " + PostgresProjector.deleteDueItems, [inc, PostgresUnitOfWork.array(keys)])
            }
        })
        // Each key found through the primary key; no scan of the incident's other 1,872 due items.
        #expect(plan.contains("Index Scan using due_work_pkey") && plan.contains("Tid Scan"), "\(plan)")
        #expect(!plan.contains("Seq Scan on due_work") && !plan.contains("Bitmap") && !plan.contains("Rows Removed"), "\(plan)")
        // And it deletes exactly those: the EXPLAIN ANALYZE above ran in a transaction of its own, committed.
        let left = try store.read { try $0.dueNotifications(by: StoreFixture.at(3), incidentID: inc, limit: count) }
        #expect(left.count == count - keys.count)
        #expect(Set(left.map { DueWork.notificationPrefix + $0.notificationID }).isDisjoint(with: keys))
    }

    @Test("leases are released a batch at a time, and only the holder's: the answer names them")
    func leasesReleasedByBatch() throws {
        let store = try storeWithTwoQueuedWebhooks()
        let expiry = StoreFixture.at(5)
        try store.write { unit in
            try unit.lease(["n1"], holder: "run-a", pid: 1, expiresAt: expiry)
            try unit.lease(["n2"], holder: "run-b", pid: 2, expiresAt: expiry)
        }
        let released = try store.write { unit in try unit.releaseLeases(of: ["n1", "n2", "gone"], holder: "run-a") }
        #expect(released == ["n1"])
        #expect(try cluster.psql("SELECT string_agg(notification_id || ':' || holder, ',') FROM delivery_leases", database: database)
            .trimmingCharacters(in: .whitespacesAndNewlines) == "n2:run-b")
        #expect(try store.write { unit in try unit.releaseLeases(of: [], holder: "run-a") }.isEmpty)
    }

    @Test("contacts by id: one query for a claim's batch, only those still in the registry")
    func contactsByIdInOneQuery() throws {
        let store = try PostgresStore.open(uri: uri, initialise: true)
        let registry = ContactRegistry(store: store, clock: FixedClock(StoreFixture.at(0)), actor: "postgres")
        try registry.add((1...5).map { Contact(id: "c\($0)", name: "Customer \($0)", role: "customer-admin",
                                               webhookURL: "https://hooks.example/\($0)") })
        let before = store.connection.roundTrips
        let found = try store.read { try $0.contacts(ids: ["c2", "c4", "gone", "quote\"d", "c2"]) }
        #expect(found.map(\.id).sorted() == ["c2", "c4"], "each contact once, however often it is asked for")
        #expect(found.first { $0.id == "c4" }?.webhookURL == "https://hooks.example/4")
        // BEGIN, the query, COMMIT
        #expect(store.connection.roundTrips - before <= 3)
        #expect(try store.read { try $0.contacts(ids: []) }.isEmpty)
    }

    @Test("claims queue for the writer lock: a second claim waits, then sees the first one's leases")
    func claimsAreSerialisedByTheWriterLock() throws {
        // Given an incident with two queued webhook notifications, due now
        _ = try storeWithTwoQueuedWebhooks()
        let now = StoreFixture.at(3)
        // When one checker's claim leases them and, before it commits, another checker's claim starts
        let first = try PostgresStore.open(uri: uri), second = try PostgresStore.open(uri: uri)
        let firstLeased = DispatchSemaphore(value: 0), secondDone = DispatchSemaphore(value: 0)
        let seen = Collected(), firstEnded = Collected()
        DispatchQueue.global().async {
            firstLeased.wait()
            do {
                try second.write { unit in
                    seen.add("read at \(Date().timeIntervalSince1970)")
                    for item in try unit.dueNotifications(by: now, incidentID: nil, limit: 100) {
                        seen.add("\(item.notificationID) leased by \(item.lease?.holder ?? "nobody")")
                    }
                }
            } catch {
                seen.add("failed: \(error)")
            }
            secondDone.signal()
        }
        try first.write { unit in
            let due = try unit.dueNotifications(by: now, incidentID: nil, limit: 100)
            #expect(due.map(\.notificationID) == ["n1", "n2"])
            try unit.lease(due.map(\.notificationID), holder: "host-a:1:run", pid: 1, expiresAt: now.addingTimeInterval(600))
            firstLeased.signal()
            // The second claim is waiting for the writer lock meanwhile.
            Thread.sleep(forTimeInterval: 0.5)
            firstEnded.add("\(Date().timeIntervalSince1970)")
        }
        #expect(secondDone.wait(timeout: .now() + 30) == .success)
        // Then the second one read only after the first had finished, and saw both notifications held
        let lines = seen.all
        let readAt = try #require(lines.first.flatMap { Double($0.replacingOccurrences(of: "read at ", with: "")) }, "\(lines)")
        #expect(readAt >= Double(try #require(firstEnded.all.first))!)
        #expect(Array(lines.dropFirst()) == ["n1 leased by host-a:1:run", "n2 leased by host-a:1:run"])
    }

    @Test("a claim skips a due notification whose row another transaction has locked, without waiting for it")
    func claimsSkipLockedRows() throws {
        // Given two queued webhook notifications, due now, and another session holding n1's row
        // (FOR UPDATE, without the writer lock: what a future write path outside the lock would do)
        _ = try storeWithTwoQueuedWebhooks()
        let holder = try PostgresStore.open(uri: uri)
        try holder.connection.execute("BEGIN")
        _ = try holder.connection.query("SELECT 1 FROM notifications WHERE notification_id = 'n1' FOR UPDATE")
        defer { try? holder.connection.execute("ROLLBACK") }
        // When a checker claims due work
        let started = Date()
        let claimed = try PostgresStore.open(uri: uri).write { unit in
            try unit.dueNotifications(by: StoreFixture.at(3), incidentID: nil, limit: 100).map(\.notificationID)
        }
        // Then it gets n2 alone, at once (a plain FOR UPDATE would wait for the lock; no lock would hand out n1 too)
        #expect(claimed == ["n2"])
        #expect(Date().timeIntervalSince(started) < 10)
        // And a read-only snapshot still lists both: it locks nothing and skips nothing
        let listed = try PostgresStore.open(uri: uri).read { unit in
            try unit.dueNotifications(by: StoreFixture.at(3), incidentID: nil, limit: 100).map(\.notificationID)
        }
        #expect(listed == ["n1", "n2"])
    }
}

/// Strings collected from concurrent closures.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}

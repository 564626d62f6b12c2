import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// Team use on PostgreSQL end to end: logins and their rights, faults, copying between backends, and
/// writers and checkers of different roles at once — the built binary against the tests' real cluster.
@Suite("breach on PostgreSQL: roles, faults, copy, concurrency", .timeLimit(.minutes(10)))
struct PostgresTeamTests {
    /// `cli`'s database as `user` (socket logins are trusted on the test cluster: the role is the identity).
    static func environment(_ cli: BreachCLI, as user: String) -> [String: String] {
        ["BREACH_DB": cli.cluster!.uri(database: cli.postgresDatabase!, user: user), "BREACH_ACTOR": user]
    }

    /// Creates login `user` with `group`'s rights (roles are cluster-wide: the name is made unique per test).
    static func login(_ cli: BreachCLI, _ name: String, _ group: String) throws -> String {
        let user = "\(name)_\(cli.postgresDatabase!.suffix(6))"
        try cli.cluster!.psql("CREATE ROLE \(user) LOGIN PASSWORD 'secret-\(name)'; GRANT \(group) TO \(user)")
        return user
    }

    /// A declared incident with an affected webhook contact, written by the owner.
    static func declaredIncident(_ cli: BreachCLI) throws {
        try cli.succeed("contact", "add", "acme", "--name", "Acme", "--role", "customer-admin", "--webhook", "http://127.0.0.1:9/hook")
        try cli.detect()
        try cli.succeed("affect", "INC-1", "--contact", "acme")
        try cli.succeed("declare", "INC-1", "--reason", "customer PII exposed")
    }

    @Test func aComplianceLoginReadsEverythingAndWritesNothing() throws {
        let cli = try BreachCLI(backend: .postgresql)
        try Self.declaredIncident(cli)
        let carol = try Self.login(cli, "carol", "breach_compliance")
        let asCarol = Self.environment(cli, as: carol)
        for arguments in [["show", "INC-1", "--json"], ["list", "--json"], ["timeline", "INC-1"], ["report", "sla"],
                          ["report", "notifications"], ["verify", "--json"], ["contact", "list"]] {
            let output = try cli.run(arguments, environment: asCarol)
            #expect(output.status == 0, "\(arguments): \(output)")
        }
        let verify = try cli.run(["verify", "--json"], environment: asCarol).object()
        #expect(verify["backend"] as? String == "postgresql")
        for arguments in [["detect", "Phish", "--kind", "data-breach", "--severity", "low"], ["notify", "INC-1"],
                          ["contact", "add", "x", "--name", "X", "--role", "customer-admin", "--email", "x@example.com"],
                          ["note", "INC-1", "sneaky"]] {
            let output = try cli.expectRefusal(77, arguments, environment: asCarol, mentioning: "role \(carol) lacks the right")
            #expect(output.stderr.contains("INSERT on events"), "\(output)")
        }
    }

    @Test func aResponderWorksIncidentsButNotTheRegistryAndCannotActAsAnother() throws {
        let cli = try BreachCLI(backend: .postgresql)
        let alice = try Self.login(cli, "alice", "breach_responder")
        var asAlice = Self.environment(cli, as: alice)
        #expect(try cli.run(["detect", "Leaked", "--kind", "data-breach", "--severity", "high"], environment: asAlice).status == 0)
        #expect(try cli.run(["note", "INC-1", "looking"], environment: asAlice).status == 0)
        let timeline = try #require(try cli.run(["timeline", "INC-1", "--json"], environment: asAlice).json() as? [[String: Any]])
        #expect(timeline.map { $0["actor"] as? String } == [alice, alice])
        try cli.expectRefusal(77, ["contact", "add", "x", "--name", "X", "--role", "customer-admin", "--email", "x@example.com"],
                              environment: asAlice, mentioning: "on contacts")
        asAlice["BREACH_ACTOR"] = "bob"
        try cli.expectRefusal(64, ["note", "INC-1", "as bob"], environment: asAlice, mentioning: "not the database login")
    }

    @Test func aServerThatIsDownIsNamedWithHostAndPort() throws {
        let cli = try BreachCLI(backend: .postgresql)
        let port = try PostgresCluster.freePort()
        let output = try cli.run(["list"], environment: ["BREACH_DB": "postgresql://postgres@127.0.0.1:\(port)/breach?connect_timeout=3"])
        #expect(output.status == 69, "\(output)")
        #expect(output.stderr.contains("127.0.0.1:\(port)"), "\(output)")
        #expect(output.stderrLines.count == 1)
    }

    @Test func aWrongPasswordIs77AndRequiredTLSThatIsNotOfferedIs69() throws {
        let cli = try BreachCLI(backend: .postgresql)
        let dave = try Self.login(cli, "dave", "breach_responder")
        let cluster = try #require(cli.cluster)
        let wrong = try cli.run(["list"], environment: ["BREACH_DB": cluster.tcpURI(database: cli.postgresDatabase!, user: dave, password: "nope"),
                                                        "BREACH_ACTOR": dave])
        #expect(wrong.status == 77, "\(wrong)")
        #expect(wrong.stderr.contains("refused the login"), "\(wrong)")
        let right = try cli.run(["list", "--json"], environment: ["BREACH_DB": cluster.tcpURI(database: cli.postgresDatabase!, user: dave, password: "secret-dave"),
                                                                  "BREACH_ACTOR": dave])
        #expect(right.status == 0, "\(right)")
        let tls = try cli.run(["list"], environment: ["BREACH_DB": cluster.tcpURI(database: cli.postgresDatabase!, user: dave, password: "secret-dave") + "?sslmode=require",
                                                      "BREACH_ACTOR": dave])
        #expect(tls.status == 69, "\(tls)")
        #expect(tls.stderr.contains("TLS"), "\(tls)")
    }

    @Test func anotherApplicationsDatabaseIsRefusedAndLeftUnchanged() throws {
        let cli = try BreachCLI(backend: .postgresql)
        let cluster = try #require(cli.cluster)
        let other = try cluster.makeDatabase(prefix: "shop")
        try cluster.psql("CREATE TABLE orders (id int); INSERT INTO orders VALUES (42)", database: other)
        for arguments in [["init", "--db", cluster.uri(database: other), "--dir", cli.directory.url.path], ["list"]] {
            let output = try cli.run(arguments, environment: ["BREACH_DB": cluster.uri(database: other)])
            #expect(output.status == 73, "\(output)")
        }
        #expect(try cluster.psql("SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'", database: other)
            .trimmingCharacters(in: .whitespacesAndNewlines) == "orders")
    }

    @Test func aConnectionLostMidCommandRollsBackAndReRunningIsSafe() throws {
        let cli = try BreachCLI(backend: .postgresql)
        let cluster = try #require(cli.cluster)
        try cli.detect()
        // Given another session holding the writers' lock, so `note` waits inside its transaction
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: PostgresCluster.binaries! + "/psql")
        holder.arguments = ["-X", "-q", "-h", cluster.directory, "-p", String(cluster.port), "-U", "postgres", "-d", cli.postgresDatabase!,
                            "-c", "BEGIN; SELECT pg_advisory_xact_lock(\(PostgresStore.writerLock)); SELECT pg_sleep(20); COMMIT;"]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        Thread.sleep(forTimeInterval: 0.5)
        let note = try cli.start(["note", "INC-1", "lost"])
        // When its connection is cut while it waits
        var terminated = false
        for _ in 0..<50 where !terminated {
            Thread.sleep(forTimeInterval: 0.2)
            let count = try cluster.psql("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = '\(cli.postgresDatabase!)' AND wait_event_type = 'Lock' AND query NOT LIKE '%pg_sleep%'
                """, database: cli.postgresDatabase!)
            terminated = count.trimmingCharacters(in: .whitespacesAndNewlines) != "0"
        }
        #expect(terminated)
        holder.terminate()
        holder.waitUntilExit()
        // Then it exits 69 with nothing written, and running it again works
        let output = try note.wait()
        #expect(output.status == 69, "\(output)")
        #expect(output.stderr.contains("rolled the command back"), "\(output)")
        let notes = try #require(try cli.succeed("show", "INC-1", "--json").object()["notes"] as? [Any])
        #expect(notes.isEmpty)
        try cli.succeed("note", "INC-1", "lost")
        #expect(try cli.run("verify").status == 0)
    }

    @Test func copyMovesTheLogBothWaysWithTheSameHeadHash() throws {
        let sqlite = try BreachCLI()
        try sqlite.detect("one")
        try sqlite.succeed("contact", "add", "acme", "--name", "Acme", "--role", "customer-admin", "--email", "sec@acme.example")
        try sqlite.succeed("affect", "INC-1", "--contact", "acme")
        try sqlite.succeed("declare", "INC-1", "--reason", "exposed")
        try sqlite.succeed("note", "INC-1", "copied", now: "2026-11-28T12:00:00Z")
        let head = try #require(try sqlite.succeed("verify", "--json").object()["head_hash"] as? String)

        let postgres = try BreachCLI(backend: .postgresql)
        let copied = try postgres.run(["copy", "--from", sqlite.databasePath, "--to", postgres.databasePath, "--json"])
        #expect(copied.status == 0, "\(copied)")
        let onPostgres = try postgres.succeed("verify", "--json").object()
        #expect(onPostgres["head_hash"] as? String == head)
        #expect(onPostgres["backend"] as? String == "postgresql")
        #expect(try postgres.succeed("show", "INC-1", "--json").object()["declared_at"] as? String == "2026-11-28T09:00:00Z")
        // A target with events is refused, unchanged
        try postgres.expectRefusal(67, ["copy", "--from", sqlite.databasePath, "--to", postgres.databasePath], mentioning: "already holds")
        // And back into a new SQLite file
        let back = sqlite.directory.path("back.db")
        #expect(try sqlite.run(["copy", "--from", postgres.databasePath, "--to", back]).status == 0)
        let onBack = try sqlite.run(["verify", "--json"], environment: ["BREACH_DB": back]).object()
        #expect(onBack["head_hash"] as? String == head)
        #expect(onBack["backend"] as? String == "sqlite")
    }

    @Test func fourWritersAndTwoCheckersAsTheirOwnRolesRecordEachWarningOnce() throws {
        let cli = try BreachCLI(backend: .postgresql)
        let writers = try (1...4).map { try Self.login(cli, "writer\($0)", "breach_responder") }
        let checkers = try (1...2).map { try Self.login(cli, "checker\($0)", "breach_checker") }
        // Four writers detect and declare at once, three incidents each
        for round in 0..<3 {
            let runs = try writers.map { writer in
                try Running(cli, ["detect", "Incident by \(writer) \(round)", "--kind", "data-breach", "--severity", "high"], as: writer)
            }
            for run in runs { #expect(try run.wait().status == 0) }
        }
        let ids = try #require(try cli.succeed("list", "--json").json() as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids == (1...12).map { "INC-\($0)" })
        for chunk in stride(from: 0, to: 12, by: 4) {
            let runs = try (0..<4).map { index in try Running(cli, ["declare", ids[chunk + index], "--reason", "exposed"], as: writers[index]) }
            for run in runs { #expect(try run.wait().status == 0) }
        }
        // Two checkers at once near the deadline, then again past it
        for now in ["2026-11-30T21:30:00Z", "2026-12-01T10:00:00Z", "2026-12-01T10:05:00Z"] {
            let runs = try checkers.map { try Running(cli, ["check", "--json"], as: $0, now: now) }
            for run in runs { let output = try run.wait(); #expect([0, 2, 3].contains(output.status), "\(output)") }
        }
        // Every warning and missed deadline recorded once per obligation and threshold
        let duplicates = try cli.sql("""
            SELECT stream, type, payload FROM events WHERE type IN ('obligation.deadline_warning', 'obligation.deadline_missed')
            GROUP BY stream, type, payload HAVING count(*) > 1
            """).stdout
        #expect(duplicates.isEmpty, "recorded twice: \(duplicates)")
        let missed = Int(try cli.sql("SELECT count(*) FROM events WHERE type = 'obligation.deadline_missed'").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(missed > 0)
        let actors = try cli.sql("SELECT DISTINCT actor FROM events WHERE type LIKE 'obligation.%' ORDER BY actor").stdout
        #expect(Set(actors.split(separator: "\n").map(String.init)).isSubset(of: Set(checkers)))
        #expect(try cli.run("verify").status == 0)
    }

    /// A run of the built binary as one login, started without waiting.
    struct Running {
        let process: BreachCLI.Running
        init(_ cli: BreachCLI, _ arguments: [String], as user: String, now: String = BreachCLI.defaultNow) throws {
            var cli = cli
            cli.environment.merge(PostgresTeamTests.environment(cli, as: user)) { $1 }
            process = try cli.start(arguments, now: now)
        }
        func wait() throws -> BreachCLI.Output { try process.wait() }
    }
}

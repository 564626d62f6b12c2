import BreachTestSupport
import Foundation
import Testing

/// `breach serve` on PostgreSQL: the server's own login (a `breach_server` member) writes `token:NAME`
/// actors with itself recorded beside them, other logins may not, and two servers share one database.
@Suite("breach serve on PostgreSQL", .timeLimit(.minutes(10)))
struct ServerPostgresTests {
    /// A login of `group` for this test's database (roles are cluster-wide: the name is made unique).
    static func login(_ cli: BreachCLI, _ name: String, _ group: String) throws -> String {
        let user = "\(name)_\(cli.postgresDatabase!.suffix(6))"
        try cli.cluster!.psql("CREATE ROLE \(user) LOGIN; GRANT \(group) TO \(user)")
        return user
    }

    static func serve(_ cli: BreachCLI, as user: String) throws -> ServerHarness {
        try ServerHarness(cli: cli, environment: ["BREACH_DB": cli.cluster!.uri(database: cli.postgresDatabase!, user: user),
                                                  "BREACH_ACTOR": user])
    }

    @Test("intake and the API on PostgreSQL: actor token:NAME, the server's login recorded beside it, same JSON as the CLI")
    func intakeRecordsTheTokenAndTheLogin() throws {
        let cli = try BreachCLI(backend: .postgresql)
        let login = try Self.login(cli, "srv", "breach_server")
        let intake = try ServerHarness.token(cli, "grafana", scope: "intake")
        let reader = try ServerHarness.token(cli, "reader", scope: "read")
        let server = try Self.serve(cli, as: login)

        let body = #"{"title":"Disk full on db-1","severity":"high","fingerprint":"db-1/disk","observed_at":"2026-11-28T08:30:00Z"}"#
        let first = try server.request("POST", "/api/v1/alerts", token: intake, json: body)
        #expect(first.status == 201, "\(first)")
        #expect(try first.object()["id"] as? String == "INC-1")
        let again = try server.request("POST", "/api/v1/alerts", token: intake, json: body)
        #expect(again.status == 200, "\(again)")

        let one = try server.request("GET", "/api/v1/incidents/INC-1", token: reader)
        #expect(one.status == 200, "\(one)")
        #expect(one.body == (try cli.run("show", "INC-1", "--json").stdout))
        let csv = try server.request("GET", "/api/v1/reports/sla.csv", token: reader)
        #expect(csv.body == (try cli.run("report", "sla").stdout))

        // Every event the request appended: the token as actor, the server's login beside it.
        let rows = try cli.sql("SELECT actor || '|' || coalesce(login, '-') FROM events WHERE actor LIKE 'token:%' ORDER BY sequence").stdout
        let pairs = rows.split(separator: "\n").map(String.init)
        #expect(!pairs.isEmpty)
        #expect(pairs.allSatisfy { $0 == "token:grafana|\(login)" }, "\(pairs)")
        // The CLI's own events keep the login as actor, and as login.
        let created = try cli.sql("SELECT actor || '|' || login FROM events WHERE type = 'token.created' ORDER BY sequence LIMIT 1").stdout
        #expect(created.trimmingCharacters(in: .whitespacesAndNewlines) == "\(cli.actor)|\(cli.actor)")
        let timeline = try cli.run("timeline", "INC-1", "--json").stdout
        #expect(timeline.contains("token:grafana"), "\(timeline)")
        #expect(try cli.run("verify").status == 0)
        #expect(server.stop() == 0)
    }

    @Test("a server logged in as a login outside breach_server cannot write token actors: 403, nothing written")
    func onlyServerLoginsWriteTokenActors() throws {
        let cli = try BreachCLI(backend: .postgresql)
        let responder = try Self.login(cli, "resp", "breach_responder")
        let intake = try ServerHarness.token(cli, "grafana", scope: "intake")
        let before = try cli.sql("SELECT count(*) FROM events").stdout
        let server = try Self.serve(cli, as: responder)
        let refused = try server.request("POST", "/api/v1/alerts", token: intake, json: #"{"title":"CPU","severity":"low"}"#)
        #expect(refused.status == 403, "\(refused)")
        #expect(refused.errorCode == "permission", "\(refused)")
        #expect(try cli.sql("SELECT count(*) FROM events").stdout == before, "a refused alert wrote to the log")
        // Nor can that login append a token's actor with psql: the database checks it, not breach.
        let forged = #expect(throws: (any Error).self) {
            try cli.cluster!.psql("""
                INSERT INTO events (sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, actor, prev_hash, hash)
                VALUES (999, 'INC-9', 1, 'incident.noted', 1, '{}', '2026-11-28T09:00:00Z', '2026-11-28T09:00:00Z', 'token:grafana', 'x', 'y')
                """, database: cli.postgresDatabase!, user: responder)
        }
        #expect("\(forged.map { "\($0)" } ?? "")".contains("the actor of an event is the database login"), "\(String(describing: forged))")
        #expect(server.stop() == 0)
    }

    @Test("two servers on one database: 400 intake POSTs with one fingerprint, split between them, open one incident")
    func twoServersShareOneDatabase() throws {
        let cli = try BreachCLI(backend: .postgresql)
        let login = try Self.login(cli, "srv", "breach_server")
        let token = try ServerHarness.token(cli, "flood", scope: "intake")
        let servers = [try Self.serve(cli, as: login), try Self.serve(cli, as: login)]
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/testservers/intake_flood.py")
        let floods = try servers.map { server in
            try BreachCLI.Running(launching: URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, server.baseURL, token, "200", "8"],
                                  in: cli.directory, environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        }
        let outputs = try floods.map { try $0.wait() }
        var created = 0
        for output in outputs {
            #expect(output.status == 0, "\(output)")
            if let match = output.stdout.split(separator: " ").first(where: { $0.hasPrefix("201:") }) { created += Int(match.dropFirst(4)) ?? 0 }
        }
        #expect(created == 1, "\(outputs)")
        let incidents = try #require(try cli.run("list", "--json").json() as? [[String: Any]])
        #expect(incidents.count == 1)
        #expect(try cli.run("verify").status == 0)
        for server in servers { #expect(server.stop() == 0) }
    }
}

import BreachTestSupport
import Foundation
import Testing

/// `breach serve`'s API driven by curl against the built binary on a loopback port.
@Suite("breach serve: API")
struct ServerAPITests {
    @Test("GET incidents and one incident return byte for byte what list --json and show --json print")
    func sameJSONAsTheCLI() throws {
        let cli = try BreachCLI()
        let id = try cli.detect("Leaked S3 bucket")
        try cli.succeed("declare", id)
        try cli.succeed("note", id, "rotated keys")
        try cli.detect("Phish")
        let token = try ServerHarness.token(cli, "reader", scope: "read")
        let server = try ServerHarness(cli: cli)

        let one = try server.request("GET", "/api/v1/incidents/\(id)", token: token)
        #expect(one.status == 200, "\(one)")
        #expect(one.headers["content-type"] == "application/json")
        #expect(one.body == (try cli.run("show", id, "--json").stdout))

        let list = try server.request("GET", "/api/v1/incidents", token: token)
        #expect(list.body == (try cli.run("list", "--json").stdout))
        let open = try server.request("GET", "/api/v1/incidents?open=true", token: token)
        #expect(open.body == (try cli.run("list", "--open", "--json").stdout))

        let csv = try server.request("GET", "/api/v1/reports/sla.csv?since=2026-01-01", token: token)
        #expect(csv.status == 200)
        #expect(csv.headers["content-type"] == "text/csv; charset=utf-8")
        #expect(csv.body == (try cli.run("report", "sla", "--since", "2026-01-01").stdout))
        #expect(csv.body.hasPrefix("incident_id,title,kind,severity,stage,"))
        #expect(server.stop() == 0)
    }

    @Test("no token is 401, a wrong scope 403, a revoked token 401; /healthz and the OpenAPI document need none")
    func authentication() throws {
        let cli = try BreachCLI()
        let id = try cli.detect()
        let reader = try ServerHarness.token(cli, "reader", scope: "read")
        let intake = try ServerHarness.token(cli, "monitoring", scope: "intake")
        let writer = try ServerHarness.token(cli, "ops", scope: "write")
        let server = try ServerHarness(cli: cli)

        let missing = try server.request("GET", "/api/v1/incidents/\(id)")
        #expect(missing.status == 401, "\(missing)")
        #expect(missing.errorCode == "unauthenticated")
        #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        let forged = try server.request("GET", "/api/v1/incidents", token: "breach_" + String(repeating: "A", count: 43))
        #expect(forged.status == 401)
        let wrongScheme = try server.request("GET", "/api/v1/incidents", headers: ["Authorization: Basic \(reader)"])
        #expect(wrongScheme.status == 401)

        let intakeReads = try server.request("GET", "/api/v1/incidents", token: intake)
        #expect(intakeReads.status == 403, "\(intakeReads)")
        #expect(intakeReads.errorCode == "forbidden")
        let readerPosts = try server.request("POST", "/api/v1/alerts", token: reader, json: #"{"title":"x","severity":"low"}"#)
        #expect(readerPosts.status == 403)
        #expect(try server.request("GET", "/api/v1/incidents", token: writer).status == 200)
        #expect(try server.request("GET", "/api/v1/incidents", token: reader).status == 200)

        #expect(try server.request("GET", "/healthz").status == 200)
        let document = try server.request("GET", "/api/v1/openapi.yaml")
        #expect(document.status == 200)
        #expect(document.body.hasPrefix("openapi: 3.1.0"))

        try cli.succeed("token", "revoke", "reader")
        #expect(try server.request("GET", "/api/v1/incidents", token: reader).status == 401)
        #expect(try server.request("GET", "/api/v1/nowhere", token: writer).errorCode == "not_found")

        // The access log names tokens, never their secrets.
        let log = server.stderr
        #expect(log.contains("token.name=reader") || log.contains("reader"), "\(log)")
        for secret in [reader, intake, writer] { #expect(!log.contains(secret), "a token reached the log") }
        #expect(server.stop() == 0)
    }

    @Test("GET one incident again and again: another process's note, and a token revoked by the CLI, show on the very next request")
    func repeatedReadsStayFresh() throws {
        let cli = try BreachCLI()
        let id = try cli.detect("Leaked S3 bucket")
        let token = try ServerHarness.token(cli, "reader", scope: "read")
        let intake = try ServerHarness.token(cli, "monitoring", scope: "intake")
        let server = try ServerHarness(cli: cli)

        // Repeats are answered from memory while nothing is committed; each must still be the CLI's JSON.
        for _ in 0..<5 {
            let one = try server.request("GET", "/api/v1/incidents/\(id)", token: token)
            #expect(one.status == 200, "\(one)")
            #expect(one.body == (try cli.run("show", id, "--json").stdout))
            #expect(try server.request("GET", "/api/v1/incidents/\(id)", token: intake).status == 403)
        }
        for round in 1...3 {
            try cli.succeed("note", id, "round \(round) of containment")
            let noted = try server.request("GET", "/api/v1/incidents/\(id)", token: token)
            #expect(noted.body.contains("round \(round) of containment"), "\(noted)")
            #expect(noted.body == (try cli.run("show", id, "--json").stdout))
        }
        try cli.succeed("token", "revoke", "reader")
        let revoked = try server.request("GET", "/api/v1/incidents/\(id)", token: token)
        #expect(revoked.status == 401, "\(revoked)")
        #expect(server.stop() == 0)
    }

    @Test("every response has the CSP and nosniff headers")
    func securityHeaders() throws {
        let cli = try BreachCLI()
        let server = try ServerHarness(cli: cli)
        for path in ["/healthz", "/api/v1/incidents", "/sign-in", "/nowhere"] {
            let reply = try server.request("GET", path)
            #expect(reply.headers["x-content-type-options"] == "nosniff", "\(path): \(reply)")
            #expect(reply.headers["content-security-policy"]?.contains("default-src 'none'") == true, "\(path): \(reply)")
            #expect(reply.headers["content-security-policy"]?.contains("script-src") == false, "\(path): scripts must stay forbidden")
        }
        #expect(server.stop() == 0)
    }

    @Test("POST /alerts opens an incident (201), the same fingerprint finds it again (200), actor token:NAME")
    func intake() throws {
        let cli = try BreachCLI()
        let token = try ServerHarness.token(cli, "grafana", scope: "intake")
        let server = try ServerHarness(cli: cli)
        let body = #"{"title":"Disk full on db-1","severity":"high","fingerprint":"db-1/disk","observed_at":"2026-11-28T08:30:00Z","summary":"95% used"}"#
        let first = try server.request("POST", "/api/v1/alerts", token: token, json: body)
        #expect(first.status == 201, "\(first)")
        let created = try first.object()
        #expect(created["id"] as? String == "INC-1")
        #expect(created["detected_at"] as? String == "2026-11-28T08:30:00Z")
        #expect(first.headers["location"] == "/api/v1/incidents/INC-1")
        let again = try server.request("POST", "/api/v1/alerts", token: token, json: body)
        #expect(again.status == 200, "\(again)")
        #expect(try again.object()["id"] as? String == "INC-1")
        let other = try server.request("POST", "/api/v1/alerts", token: token, json: #"{"title":"CPU","severity":"low"}"#)
        #expect(other.status == 201)
        #expect(try other.object()["id"] as? String == "INC-2")

        let timeline = try cli.run("timeline", "INC-1", "--json").stdout
        #expect(timeline.contains("token:grafana"), "\(timeline)")
        // A closed incident is not reused: the fingerprint opens a new one.
        try cli.succeed("close", "INC-1", "--resolution", "disk grown")
        let afterClose = try server.request("POST", "/api/v1/alerts", token: token, json: body)
        #expect(afterClose.status == 201)
        #expect(try afterClose.object()["id"] as? String == "INC-3")
        #expect(try cli.run("verify").status == 0)
        #expect(server.stop() == 0)
    }

    @Test("bad requests: malformed JSON, wrong fields, unknown kind, future time, over 1 MiB — 4xx JSON error, nothing written")
    func badRequestsWriteNothing() throws {
        let cli = try BreachCLI()
        try cli.detect()
        let token = try ServerHarness.token(cli, "ops", scope: "write")
        let server = try ServerHarness(cli: cli)
        let before = try cli.fingerprint()
        let cases: [(String, String, Int, String)] = [
            ("/api/v1/alerts", #"{"title": "x", "severity": "#, 400, "malformed_json"),
            ("/api/v1/alerts", "[1,2]", 400, "malformed_json"),
            ("/api/v1/alerts", #"{"severity":"high"}"#, 400, "invalid_input"),
            ("/api/v1/alerts", #"{"title":"x","severity":"urgent"}"#, 400, "invalid_input"),
            ("/api/v1/alerts", #"{"title":"x","severity":"high","colour":"red"}"#, 400, "invalid_input"),
            ("/api/v1/alerts", #"{"title":"x","severity":"high","kind":"no-such-playbook"}"#, 400, "unknown_kind"),
            ("/api/v1/alerts", #"{"title":"x","severity":"high","observed_at":"yesterday"}"#, 400, "invalid_input"),
            ("/api/v1/alerts", #"{"title":"x","severity":"high","observed_at":"2027-01-01T00:00:00Z"}"#, 400, "invalid_input"),
            ("/api/v1/alerts", #"{"title":"line\nbreak","severity":"high"}"#, 400, "invalid_input"),
            ("/api/v1/alerts/alertmanager", #"{"version":"4"}"#, 400, "invalid_input"),
            ("/api/v1/alerts/alertmanager", #"{"alerts":[{"status":"firing","labels":{"alertname":"A"}},{"status":"bogus"}]}"#, 400, "invalid_input"),
            ("/api/v1/alerts/alertmanager", #"{"alerts":[{"status":"firing","labels":{"alertname":"A"}},{"status":"firing","labels":{"alertname":"B","breach_kind":"nope"}}]}"#, 400, "unknown_kind"),
        ]
        for (path, body, status, code) in cases {
            let reply = try server.request("POST", path, token: token, json: body)
            #expect(reply.status == status, "\(body): \(reply)")
            #expect(reply.errorCode == code, "\(body): \(reply)")
        }
        #expect(try server.request("GET", "/api/v1/incidents/INC-x", token: token).status == 400)
        #expect(try server.request("GET", "/api/v1/incidents/INC-99", token: token).errorCode == "not_found")
        #expect(try server.request("GET", "/api/v1/incidents?open=maybe", token: token).status == 400)
        #expect(try server.request("GET", "/api/v1/reports/sla.csv?since=soon", token: token).status == 400)

        // 1 MiB and one byte: refused before it is parsed.
        let big = cli.directory.path("big.json")
        var payload = Data(#"{"title":"x","severity":"high","summary":""#.utf8)
        payload.append(Data(repeating: UInt8(ascii: "a"), count: (1 << 20)))
        payload.append(Data(#""}"#.utf8))
        try payload.write(to: URL(fileURLWithPath: big))
        let tooLarge = try server.request("POST", "/api/v1/alerts", token: token, bodyFile: big)
        #expect(tooLarge.status == 413, "\(tooLarge)")
        #expect(tooLarge.errorCode == "body_too_large")
        #expect(try cli.fingerprint() == before, "a refused request wrote to the log")
        #expect(server.stop() == 0)
    }

    @Test("an Alertmanager webhook from curl opens one incident per fingerprint; resolved adds a note and never closes")
    func alertmanager() throws {
        let cli = try BreachCLI()
        let token = try ServerHarness.token(cli, "alertmanager", scope: "intake")
        let server = try ServerHarness(cli: cli)
        let firing = """
        {"version":"4","groupKey":"{}:{alertname=\\"HighErrorRate\\"}","status":"firing","receiver":"breach",
         "groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",
         "truncatedAlerts":0,
         "alerts":[
          {"status":"firing","labels":{"alertname":"HighErrorRate","severity":"critical","instance":"api-1"},
           "annotations":{"summary":"5xx above 5% on api-1","description":"error ratio 0.07"},
           "startsAt":"2026-11-28T08:15:00.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph","fingerprint":"a1b2c3d4e5f60718"},
          {"status":"firing","labels":{"alertname":"HighErrorRate","severity":"warning","instance":"api-2","breach_kind":"availability-outage"},
           "annotations":{"summary":"5xx above 5% on api-2"},
           "startsAt":"2026-11-28T08:16:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph","fingerprint":"0000ffff0000ffff"}
         ]}
        """
        let first = try server.request("POST", "/api/v1/alerts/alertmanager", token: token, json: firing)
        #expect(first.status == 200, "\(first)")
        let results = try #require(try first.object()["alerts"] as? [[String: Any]])
        #expect(results.map { $0["result"] as? String } == ["created", "created"])
        let again = try server.request("POST", "/api/v1/alerts/alertmanager", token: token, json: firing)
        let repeated = try #require(try again.object()["alerts"] as? [[String: Any]])
        #expect(repeated.map { $0["result"] as? String } == ["existing", "existing"])

        let incidents = try #require(try cli.run("list", "--json").json() as? [[String: Any]])
        #expect(incidents.count == 2)
        let one = try cli.run("show", "INC-1", "--json").object()
        #expect(one["title"] as? String == "5xx above 5% on api-1")
        #expect(one["severity"] as? String == "critical")
        #expect(one["detected_at"] as? String == "2026-11-28T08:15:00Z")
        let two = try cli.run("show", "INC-2", "--json").object()
        #expect(two["kind"] as? String == "availability-outage")
        #expect(two["severity"] as? String == "medium")

        let resolved = firing.replacingOccurrences(of: #""status":"firing","labels":{"alertname":"HighErrorRate","severity":"critical""#,
                                                   with: #""status":"resolved","labels":{"alertname":"HighErrorRate","severity":"critical""#)
            .replacingOccurrences(of: #""endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph","fingerprint":"a1b2"#,
                                  with: #""endsAt":"2026-11-28T08:45:00Z","generatorURL":"http://prom/graph","fingerprint":"a1b2"#)
        let third = try server.request("POST", "/api/v1/alerts/alertmanager", token: token, json: resolved)
        let noted = try #require(try third.object()["alerts"] as? [[String: Any]])
        #expect(noted.map { $0["result"] as? String } == ["noted", "existing"], "\(third)")
        let after = try cli.run("show", "INC-1", "--json").object()
        #expect(after["stage"] as? String == "detect", "a resolved alert must never close an incident")
        #expect(after["closed_at"] is NSNull)
        let notes = try #require(after["notes"] as? [[String: Any]])
        #expect(notes.count == 1)
        #expect((notes.first?["text"] as? String)?.contains("resolved at 2026-11-28T08:45:00Z") == true)
        #expect(notes.first?["actor"] as? String == "token:alertmanager")
        #expect(server.stop() == 0)
    }

    @Test("1,000 intake POSTs with one fingerprint, 16 at a time, open exactly one incident")
    func thousandPostsOneIncident() throws {
        let cli = try BreachCLI()
        let token = try ServerHarness.token(cli, "flood", scope: "intake")
        let server = try ServerHarness(cli: cli)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/testservers/intake_flood.py")
        let output = try cli.execute(URL(fileURLWithPath: "/usr/bin/env"),
                                     ["python3", script.path, server.baseURL, token, "1000", "16"], environment: [:])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("201:1 200:999"), "\(output)")
        let incidents = try #require(try cli.run("list", "--json").json() as? [[String: Any]])
        #expect(incidents.count == 1)
        #expect(try cli.run("verify").status == 0)
        #expect(server.stop() == 0)
    }

    @Test("SIGTERM lets a request in flight finish (its slowly sent alert is recorded), then the server exits 0")
    func gracefulShutdown() throws {
        let cli = try BreachCLI()
        let token = try ServerHarness.token(cli, "slow-sender", scope: "intake")
        let server = try ServerHarness(cli: cli)
        // A slow client: curl uploads a 20 KB alert at 2 KB/s, so the handler is still reading the body
        // (the request is inside the server, not in a socket buffer) when SIGTERM arrives — ten seconds
        // of upload, so that a loaded machine's slow `list` below still leaves it running.
        let summary = String(repeating: "s", count: 20_000)
        let bodyFile = cli.directory.path("slow-alert.json")
        try Data(#"{"title":"Slow upload","severity":"high","fingerprint":"slow/1","summary":"\#(summary)"}"#.utf8)
            .write(to: URL(fileURLWithPath: bodyFile))
        let slow = Process()
        slow.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        // "Expect:" stops curl from waiting for a 100 Continue before it sends the body.
        slow.arguments = ["-sS", "--limit-rate", "2k", "-H", "Expect:", "-H", "Content-Type: application/json",
                          "-H", "Authorization: Bearer \(token)", "--data-binary", "@\(bodyFile)",
                          "-o", cli.directory.path("slow.json"), "-w", "%{http_code}", "\(server.baseURL)/api/v1/alerts"]
        let status = Pipe()
        slow.standardOutput = status
        try slow.run()
        Thread.sleep(forTimeInterval: 0.7)
        #expect(slow.isRunning, "the request finished before SIGTERM; the test proves nothing")
        #expect(try cli.run("list", "--json").stdout.contains("Slow upload") == false, "the alert was recorded before SIGTERM")
        let stopped = Date()
        #expect(server.stop() == 0, "\(server.stderr)")
        slow.waitUntilExit()
        #expect(slow.terminationStatus == 0)
        #expect(Date().timeIntervalSince(stopped) > 1, "the server exited without waiting for the upload")
        #expect(String(decoding: status.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "201")
        let created = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.directory.path("slow.json"))))
        #expect((created as? [String: Any])?["id"] as? String == "INC-1")
        let incidents = try #require(try cli.run("list", "--json").json() as? [[String: Any]])
        #expect(incidents.map { $0["title"] as? String } == ["Slow upload"], "the request finished after SIGTERM must be recorded")
        #expect(try cli.run("verify").status == 0)
    }
}

import BreachDomain
import BreachTestSupport
import Foundation
import Testing

/// The dead man's switch: `heartbeat: {url: …}` in breach.yml is pinged (GET) after each successful check.
@Suite("Operations: heartbeat")
struct HeartbeatTests {
    typealias S = DeliveryScenario

    /// breach.yml with the webhook timeouts and `heartbeat` lines, and INC-1 declared with `acme-hook` on /ok.
    func scenario(heartbeat: [String]) throws -> DeliveryScenario {
        let s = try DeliveryScenario()
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok"))
        try s.declare(affecting: ["acme-hook"])
        let yaml = ["webhook:", "  connect_timeout_seconds: 2", "  timeout_seconds: 10", "heartbeat:"] + heartbeat.map { "  " + $0 }
        try (yaml.joined(separator: "\n") + "\n").write(toFile: s.cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        return s
    }

    @Test func eachSuccessfulCheckPingsTheHeartbeat() throws {
        let s = try DeliveryScenario()
        let monitor = try TestServer(script: "webhook_server.py", directory: s.cli.directory, name: "monitor")
        let t = try scenario(heartbeat: ["url: \(monitor.url("/ping/abc123?source=breach"))", "timeout_seconds: 3"])
        // When the checker runs twice (the second time with an overdue obligation: still a successful check)
        #expect(try t.cli.run("check", now: S.at(1)).status == 0)
        #expect(try t.cli.run("check", now: S.at(73)).status == 2)
        // Then the monitor got one GET per run, with no body
        let pings = monitor.log()
        #expect(pings.count == 2, "\(pings)")
        #expect(pings.allSatisfy { $0["method"] as? String == "GET" && $0["path"] as? String == "/ping/abc123?source=breach" && $0["body"] as? String == "" })
    }

    @Test func aFailingPingOnlyWarns() throws {
        let s = try DeliveryScenario()
        let monitor = try TestServer(script: "webhook_server.py", directory: s.cli.directory, name: "monitor")
        let t = try scenario(heartbeat: ["url: \(monitor.url("/status/503"))"])
        let check = try t.cli.run("check", now: S.at(1))
        #expect(check.status == 0, "\(check)")
        #expect(check.stderrLines == ["warning: heartbeat ping failed: HTTP 503 Service Unavailable; the check itself succeeded"], "\(check)")
        #expect(monitor.log().count == 1)
        // A monitor that is down: a warning naming the connection error, never the URL
        monitor.stop()
        let down = try t.cli.run("check", now: S.at(2))
        #expect(down.status == 0, "\(down)")
        #expect(down.stderrLines.count == 1 && down.stderr.contains("curl 7"), "\(down)")
        #expect(!down.stderr.contains("/status/503"))
    }

    @Test func aCheckThatCouldNotDoItsJobDoesNotPing() throws {
        let s = try DeliveryScenario()
        let monitor = try TestServer(script: "webhook_server.py", directory: s.cli.directory, name: "monitor")
        let t = try scenario(heartbeat: ["url: \(monitor.url("/ok"))"])
        _ = try t.cli.run(["notify", "INC-1", "--obligation", "customer-admins"], now: S.at(1), environment: [S.secretVariable: ""])
        let check = try t.cli.run(["check"], now: S.at(2), environment: [S.secretVariable: ""])
        #expect(check.status == 3, "\(check)")
        #expect(monitor.log().isEmpty)
        // Nor does a dry run
        #expect(try t.cli.run("check", "--dry-run", now: S.at(2)).status == 0)
        #expect(monitor.log().isEmpty)
    }

    @Test(arguments: [
        ("url: ftp://monitor.example/ping", "heartbeat URL scheme 'ftp' is not allowed"),
        ("url: http://monitor.example/ping", "use https://"),
        ("timeout_seconds: 5", "heartbeat.url is required"),
        ("interval: 5", "unknown key heartbeat.interval"),
    ])
    func aBadHeartbeatIsRefusedBeforeAnyWork(line: String, problem: String) throws {
        let s = try scenario(heartbeat: [line])
        let output = try s.cli.expectRefusal(65, ["check"], now: S.at(73), mentioning: problem)
        #expect(output.stderr.hasPrefix("breach: breach.yml:"), "\(output)")
    }
}

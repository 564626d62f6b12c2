import BreachDomain
import BreachTestSupport
import Foundation
import Testing

/// `breach check --metrics-file`: the Prometheus text exposition, read back with the `prometheus-client`
/// package's parser and checked against a scenario whose numbers are known.
@Suite("Operations: Prometheus metrics file")
struct MetricsFileTests {
    typealias S = DeliveryScenario

    /// INC-1 declared at T (three obligations due T+72h): customer-admins notified and delivered at T+1,
    /// data-subjects waived; INC-2 detected and forced to assess; INC-3 declared at T+70 (due T+142h).
    func knownScenario() throws -> DeliveryScenario {
        let s = try DeliveryScenario()
        try s.configure(escalation: [])
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok"))
        try s.declare(affecting: ["acme-hook"])
        try s.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        try s.cli.succeed("waive", "INC-1", "data-subjects", "--reason", "encrypted at rest", now: S.at(2))
        let second = try s.cli.detect("Phishing wave", severity: "low")
        try s.cli.succeed("advance", second, "--force", "--reason", "triaged by phone", now: S.at(3))
        let third = try s.cli.detect("Lost laptop", now: S.at(70))
        try s.cli.succeed("declare", third, "--reason", "unencrypted disk", now: S.at(70))
        return s
    }

    @Test func theFileReadsBackWithThePrometheusParserAndMatchesTheScenario() throws {
        let s = try knownScenario()
        let path = s.cli.directory.path("breach.prom")
        // When the checker runs at T+73h (INC-1's authority notification is now overdue)
        let before = Date()
        let check = try s.cli.run("check", "--metrics-file", path, now: S.at(73))
        #expect(check.status == 2, "overdue is still reported: \(check)")
        let metrics = try ParsedMetrics(file: path, cli: s.cli)
        // Then incidents by stage
        #expect(metrics.value("breach_incidents_open", ["stage": "detect"]) == 2)
        #expect(metrics.value("breach_incidents_open", ["stage": "assess"]) == 1)
        #expect(metrics.value("breach_incidents_open", ["stage": "diagnose"]) == 0)
        // Obligations: INC-1 met 1, waived 1, missed 1; INC-3's three pending
        #expect(metrics.value("breach_obligations", ["status": "met"]) == 1)
        #expect(metrics.value("breach_obligations", ["status": "waived"]) == 1)
        #expect(metrics.value("breach_obligations", ["status": "missed"]) == 1)
        #expect(metrics.value("breach_obligations", ["status": "pending"]) == 3)
        #expect(metrics.value("breach_obligations_overdue") == 1)
        // The next deadline is INC-3's, 69 hours after the effective time
        #expect(metrics.value("breach_next_deadline_seconds") == Double(69 * 3600))
        #expect(metrics.value("breach_next_deadline_timestamp_seconds") == RFC3339.parse(S.at(142))!.timeIntervalSince1970)
        // Notifications and delivery counters agree with the log, counted here straight from the events
        #expect(metrics.value("breach_notifications", ["channel": "webhook", "status": "delivered"]) == 1)
        #expect(metrics.value("breach_notifications", ["channel": "email", "status": "queued"]) == 0)
        let delivered = try s.count(of: "notification.delivered")
        #expect(delivered == 1)
        #expect(metrics.value("breach_delivery_attempts_total", ["channel": "webhook", "outcome": "delivered"]) == Double(delivered))
        #expect(metrics.value("breach_delivery_attempts_total", ["channel": "webhook", "outcome": "failed"]) == 0)
        #expect(metrics.types["breach_delivery_attempts"] == "counter")
        let events = try s.cli.succeed("verify", "--json").object()["events"] as? Int
        #expect(metrics.value("breach_events_total") == events.map(Double.init))
        // And the checker's own run, on the real clock
        let lastSuccess = try #require(metrics.value("breach_check_last_success_timestamp_seconds"))
        #expect(lastSuccess >= before.timeIntervalSince1970.rounded(.down) && lastSuccess <= Date().timeIntervalSince1970 + 1)
        #expect(metrics.value("breach_check_last_run_timestamp_seconds") == lastSuccess)
        #expect(metrics.value("breach_check_last_run_success") == 1)
        let duration = try #require(metrics.value("breach_check_duration_seconds"))
        #expect(duration >= 0 && duration < 60)
        // Written atomically: no temporary file is left beside it
        let siblings = try FileManager.default.contentsOfDirectory(atPath: s.cli.directory.url.path)
        #expect(!siblings.contains { $0.contains(".tmp-") }, "\(siblings)")
    }

    @Test func aFailedRunKeepsTheLastSuccessAndSaysItFailed() throws {
        let s = try knownScenario()
        let path = s.cli.directory.path("breach.prom")
        #expect(try s.cli.run("check", "--metrics-file", path, now: S.at(3)).status == 0)
        let first = try #require(try ParsedMetrics(file: path, cli: s.cli).value("breach_check_last_success_timestamp_seconds"))
        // Given a notification due that this checker cannot sign (its secret is missing from the environment)
        try s.cli.succeed("affect", "INC-3", "--contact", "acme-hook", now: S.at(71))
        let notify = try s.cli.run(["notify", "INC-3", "--obligation", "customer-admins"], now: S.at(71), environment: [S.secretVariable: ""])
        #expect(notify.status == 0 && notify.stderr.contains(S.secretVariable), "\(notify)")
        let failed = try s.cli.run(["check", "--metrics-file", path], now: S.at(72), environment: [S.secretVariable: ""])
        #expect(failed.status == 3, "\(failed)")
        // Then the file says the last run failed, and still carries the earlier success
        let metrics = try ParsedMetrics(file: path, cli: s.cli)
        #expect(metrics.value("breach_check_last_run_success") == 0)
        #expect(metrics.value("breach_check_last_success_timestamp_seconds") == first)
        #expect(try #require(metrics.value("breach_check_last_run_timestamp_seconds")) >= first)
        #expect(metrics.value("breach_notifications", ["channel": "webhook", "status": "queued"]) == 1)
    }

    @Test func anUnwritableMetricsPathExits73AfterTheCheckDidItsWork() throws {
        let s = try DeliveryScenario()
        try s.configure(escalation: [])
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok"))
        try s.declare(affecting: ["acme-hook"])
        // When the checker runs past the first warning threshold with a metrics path in a missing directory
        let check = try s.cli.run("check", "--metrics-file", s.cli.directory.path("no-such-dir/breach.prom"), now: S.at(25))
        // Then it says so in one line and exits 73
        #expect(check.status == 73, "\(check)")
        #expect(check.stderrLines.count == 1, "\(check)")
        #expect(check.stderr.hasPrefix("breach: cannot write the metrics file "), "\(check)")
        #expect(check.stderr.contains("--metrics-file"), "\(check)")
        // And the warnings were still recorded, once
        #expect(check.stdout.contains("warn: INC-1 customer-admins 48h before due"), "\(check)")
        let warnings = try s.count(of: "obligation.deadline_warning")
        #expect(warnings > 0)
        #expect(try s.cli.run("check", now: S.at(25)).status == 0)
        #expect(try s.count(of: "obligation.deadline_warning") == warnings)
        // A directory in place of the file is refused the same way
        let directory = try s.cli.run("check", "--metrics-file", s.cli.directory.url.path, now: S.at(26))
        #expect(directory.status == 73 && directory.stderrLines.count == 1, "\(directory)")
    }

    @Test func aDryRunWritesNoMetrics() throws {
        let s = try knownScenario()
        let path = s.cli.directory.path("breach.prom")
        try s.cli.expectRefusal(64, ["check", "--dry-run", "--metrics-file", path], mentioning: "--dry-run")
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

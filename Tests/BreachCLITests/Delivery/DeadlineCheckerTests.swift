import BreachDomain
import BreachTestSupport
import Foundation
import Testing

/// `breach check` with `--now` moving through the 72-hour window of a declared `data-breach` incident.
@Suite("Delivery: the deadline checker over 72 hours")
struct DeadlineCheckerTests {
    typealias S = DeliveryScenario

    /// The check's JSON report at T+`hours`, expecting exit `status`.
    func check(_ s: DeliveryScenario, at hours: Double, status: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let output = try s.cli.run("check", "--json", now: S.at(hours))
        #expect(output.status == status, "check at T+\(hours)h: \(output)", sourceLocation: sourceLocation)
        return try output.object()
    }

    /// `(obligation_id, detail prefix)` of a report list.
    func items(_ report: [String: Any], _ key: String) -> [String] {
        ((report[key] as? [[String: Any]]) ?? []).map { "\($0["obligation_id"] ?? "?") \(($0["detail"] as? String)?.split(separator: " ").first ?? "")" }.sorted()
    }

    @Test func warningsOnceEachThenMissedOnceThenMetLate() throws {
        // Given INC-1 declared at T: customers notified at T+1h; the authorities and data subjects not yet
        let s = try DeliveryScenario()
        try s.configure()
        try s.addEscalationContact()
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok"))
        try s.declare(affecting: ["acme-hook"])
        let notify = try s.cli.run("notify", "INC-1", now: S.at(1))
        #expect(notify.status == 0, "\(notify)")
        #expect(s.requests(to: "/ok").count == 1)
        // (notify says which obligations nobody could receive, instead of leaving them silently)
        #expect(notify.stderrLines.count == 1, "\(notify)")
        #expect(notify.stderr.hasPrefix("warning: no contact can receive data-protection-authorities"), "\(notify)")
        #expect(notify.stderr.contains("data-subjects"), "\(notify)")
        let escalations = { s.requests(to: S.escalationPath).compactMap { header("Idempotency-Key", of: $0) }.sorted() }

        // T+23h: nothing is due
        var report = try check(s, at: 23, status: 0)
        #expect(items(report, "warnings").isEmpty && items(report, "missed").isEmpty && items(report, "delivered").isEmpty)
        #expect(escalations().isEmpty)

        // T+49h, dry run: it reports the 48 h and 24 h warnings but writes and sends nothing
        let waiting = ["data-protection-authorities 24h", "data-protection-authorities 48h", "data-subjects 24h", "data-subjects 48h"]
        let before = try s.cli.fingerprint()
        let dry = try s.cli.run("check", "--dry-run", "--json", now: S.at(49))
        #expect(dry.status == 0, "\(dry)")
        #expect(try dry.object()["dry_run"] as? Bool == true)
        #expect(items(try dry.object(), "warnings") == waiting)
        #expect(try s.cli.fingerprint() == before)
        #expect(escalations().isEmpty)

        // T+49h: the 48 h and 24 h warnings, once each, recorded and sent to the escalation contact
        report = try check(s, at: 49, status: 0)
        #expect(items(report, "warnings") == waiting)
        #expect(try s.count(of: "obligation.deadline_warning") == 4)
        let firstWarnings = escalations()
        #expect(firstWarnings == ["data-protection-authorities.warning-24h", "data-protection-authorities.warning-48h",
                                  "data-subjects.warning-24h", "data-subjects.warning-48h"].map { "INC-1.escalation.\($0).secops.webhook" })
        #expect(s.requests(to: S.escalationPath).allSatisfy { $0["signature_valid"] as? Bool == true })

        // T+49h again: nothing new
        report = try check(s, at: 49, status: 0)
        #expect(items(report, "warnings").isEmpty && items(report, "delivered").isEmpty)
        #expect(try s.count(of: "obligation.deadline_warning") == 4)
        #expect(escalations() == firstWarnings)

        // T+71h: the 6 h and 1 h warnings
        report = try check(s, at: 71, status: 0)
        #expect(items(report, "warnings") == ["data-protection-authorities 1h", "data-protection-authorities 6h", "data-subjects 1h", "data-subjects 6h"])
        #expect(try s.count(of: "obligation.deadline_warning") == 8)
        #expect(escalations().count == 8)

        // T+73h: both pending obligations are missed, exactly once; the check exits 2 (overdue)
        report = try check(s, at: 73, status: 2)
        #expect(items(report, "missed") == ["data-protection-authorities due", "data-subjects due"])
        #expect(report["overdue_incidents"] as? [String] == ["INC-1"])
        #expect(escalations().count == 10)
        report = try check(s, at: 73.5, status: 2)
        #expect(items(report, "missed").isEmpty)
        #expect(try s.count(of: "obligation.deadline_missed") == 2)
        #expect(escalations().count == 10)
        var incident = try s.incident(now: S.at(73.5))
        #expect(incident["overdue"] as? Bool == true)
        #expect(try s.obligation("data-protection-authorities", now: S.at(73.5))["status"] as? String == "missed")
        #expect(try s.obligation("customer-admins", now: S.at(73.5))["status"] as? String == "met")
        let overdue = try s.cli.succeed("list", "--overdue", "--json", now: S.at(73.5)).json() as? [[String: Any]]
        #expect(overdue?.map { $0["id"] as? String } == ["INC-1"])

        // T+74h: a late notification meets the authorities' obligation, late
        try s.addWebhookContact("dpa-hook", role: "authority", url: s.webhooks.url("/ok?to=dpa"))
        try s.cli.succeed("affect", "INC-1", "--contact", "dpa-hook", now: S.at(74))
        try s.cli.succeed("notify", "INC-1", "--obligation", "data-protection-authorities", now: S.at(74))
        let late = try s.obligation("data-protection-authorities", now: S.at(74))
        #expect(late["status"] as? String == "met")
        #expect(late["met_at"] as? String == S.at(74))
        #expect(late["late"] as? Bool == true)
        #expect(try #require(late["met_at"] as? String) > (try #require(late["due_at"] as? String)))
        // Still overdue while the data subjects' obligation is neither met nor waived
        _ = try check(s, at: 74, status: 2)
        try s.cli.succeed("waive", "INC-1", "data-subjects", "--reason", "legal: risk to subjects judged low", now: S.at(75))
        report = try check(s, at: 75, status: 0)
        #expect((report["overdue_incidents"] as? [Any])?.isEmpty == true)
        incident = try s.incident(now: S.at(75))
        #expect(incident["overdue"] as? Bool == false)
        // And a missed obligation never gets another warning or missed record
        #expect(try s.count(of: "obligation.deadline_warning") == 8)
        #expect(try s.count(of: "obligation.deadline_missed") == 2)
        try s.expectVerifies()
    }
}

import BreachDomain
import Foundation
import Testing

/// Issue 18: `--now` keeps working, but evidence recorded with it can never pass for real-time evidence.
@Suite("Audit: backdated evidence is always visible")
struct BackdatingTests {
    typealias S = DeliveryScenario
    static let slaHeader21 = "incident_id,title,kind,severity,stage,detected_at,declared_at,closed_at,notification_deadline,first_notification_at,all_notified_at,hours_to_first_notification,hours_to_all_notified,notification_sla,notifications_delivered,notifications_failed,hours_in_detect,hours_in_assess,hours_in_diagnose,hours_in_stabilize,hours_to_close"

    /// INC-1 notified a year in the past (backdated), INC-2 notified at the real time.
    func scenario() throws -> (DeliveryScenario, realNow: String) {
        let s = try DeliveryScenario()
        try s.configure(escalation: [])
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok"))
        let past = "2025-11-28T09:00:00Z"
        for arguments in [["detect", "Old leak", "--kind", "data-breach", "--severity", "high"], ["affect", "INC-1", "--contact", "acme-hook"],
                          ["declare", "INC-1"], ["notify", "INC-1", "--obligation", "customer-admins"]] {
            try s.cli.succeed(arguments, now: past)
        }
        let realNow = RFC3339.format(Date())
        for arguments in [["detect", "New leak", "--kind", "data-breach", "--severity", "high"], ["affect", "INC-2", "--contact", "acme-hook"],
                          ["declare", "INC-2"], ["notify", "INC-2", "--obligation", "customer-admins"]] {
            try s.cli.succeed(arguments, now: realNow)
        }
        return (s, realNow)
    }

    @Test func theSignatureTimestampIsAlwaysTheRealClock() throws {
        let (s, _) = try scenario()
        let requests = s.requests(to: "/ok")
        try #require(requests.count == 2, "\(requests)")
        for request in requests {
            let stamp = try #require(header("X-Breach-Timestamp", of: request).flatMap(Double.init), "\(request)")
            #expect(abs(stamp - Date().timeIntervalSince1970) < 300, "X-Breach-Timestamp \(stamp) is not the real clock")
            #expect(request["signature_valid"] as? Bool == true)
        }
    }

    @Test func backdatedReceiptsAreMarkedInEveryReportTheExportAndVerify() throws {
        let (s, realNow) = try scenario()
        // report notifications: a trailing backdated column
        let csv = try s.cli.succeed("report", "notifications", now: realNow).stdout.split(separator: "\r\n").map(String.init)
        #expect(csv[0].hasSuffix(",error,backdated,regime,reference,evidence_sha256,supplement"), "\(csv)")
        #expect(csv.first { $0.hasPrefix("INC-1,") }?.hasSuffix(",backdated,,,,") == true, "\(csv)")
        #expect(csv.first { $0.hasPrefix("INC-2,") }?.hasSuffix(",") == true, "\(csv)")
        let json = try #require(try s.cli.succeed("report", "notifications", "--format", "json", now: realNow).json() as? [[String: Any]])
        #expect(json.map { $0["backdated"] as? Bool } == [true, false], "\(json)")
        // report sla: the SPEC's 21 columns unchanged, then backdated_receipts
        let sla = try s.cli.succeed("report", "sla", now: realNow).stdout.split(separator: "\r\n").map(String.init)
        #expect(sla[0] == Self.slaHeader21 + ",backdated_receipts,regimes,filings_manual,filing_references,supplements", "\(sla[0])")
        #expect(sla[1].hasPrefix("INC-1,") && sla[1].hasSuffix(",1,,0,,0"), "\(sla)")
        #expect(sla[2].hasPrefix("INC-2,") && sla[2].hasSuffix(",0,,0,,0"), "\(sla)")
        // export md: the attempt says so, with the real time
        let markdown = try s.cli.succeed("export", "INC-1", "--format", "md", now: realNow).stdout
        #expect(markdown.contains("2025-11-28T09:00:00Z **backdated**"), "\(markdown)")
        #expect(!(try s.cli.succeed("export", "INC-2", "--format", "md", now: realNow).stdout.contains("backdated")))
        // verify: counted, yet the chain is intact
        let verify = try s.cli.run("verify", "--json", now: realNow)
        #expect(verify.status == 0, "\(verify)")
        #expect(try verify.object()["backdated_receipts"] as? Int == 1)
        #expect(try s.cli.run("verify", now: realNow).stdout.contains("backdated: 1 receipt(s)"))
    }
}

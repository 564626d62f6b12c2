import BreachDomain
import BreachTestSupport
import Foundation
import Testing

/// `--log-format json` / `$BREACH_LOG_FORMAT` for `check` and `notify`: one JSON object per stderr line,
/// fixed messages, fixed metadata keys, and nothing secret.
@Suite("Operations: structured logs")
struct StructuredLogTests {
    typealias S = DeliveryScenario

    /// Every stderr line as a JSON object; an expectation fails for a line that is not one.
    func records(_ output: BreachCLI.Output, sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
        output.stderrLines.compactMap { line in
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            #expect(object != nil, "not a JSON object: \(line)", sourceLocation: sourceLocation)
            return object
        }
    }

    func scenario() throws -> DeliveryScenario {
        let s = try DeliveryScenario()
        try s.configure()
        try s.addEscalationContact()
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/seq/a/500,200"))
        try s.declare(affecting: ["acme-hook"])
        return s
    }

    @Test func notifyAndCheckLogOneJSONObjectPerLineWithFixedKeys() throws {
        let s = try scenario()
        let id = "INC-1.customer-admins.acme-hook.webhook"
        // When notify runs with BREACH_LOG_FORMAT=json and the receiver answers 500
        let notify = try s.cli.run(["notify", "INC-1", "--obligation", "customer-admins"], now: S.at(1), environment: ["BREACH_LOG_FORMAT": "json"])
        #expect(notify.status == 0, "\(notify)")
        #expect(notify.stdout.contains("will retry \(id): HTTP 500"), "stdout keeps the human report: \(notify)")
        let notifyRecords = records(notify)
        let queued = try #require(notifyRecords.first { $0["message"] as? String == "notification queued" }, "\(notifyRecords)")
        #expect(queued["incident.id"] as? String == "INC-1")
        #expect(queued["obligation.id"] as? String == "customer-admins")
        #expect(queued["notification.id"] as? String == id)
        #expect(queued["channel"] as? String == "webhook")
        let attempt = try #require(notifyRecords.first { $0["message"] as? String == "delivery attempted" }, "\(notifyRecords)")
        #expect(attempt["outcome"] as? String == "retry")
        #expect(attempt["attempt"] as? Int == 1)
        #expect(attempt["http.status"] as? Int == 500)
        #expect(attempt["level"] as? String == "info")
        #expect(attempt["command"] as? String == "notify")
        #expect(RFC3339.parse((attempt["time"] as? String ?? "").replacingOccurrences(of: #"\.\d{3}Z$"#, with: "Z", options: .regularExpression)) != nil,
                "\(attempt)")
        // When check (with --log-format json) retries it after the backoff, past the first warning threshold
        let retry = try s.cli.run("check", "--log-format", "json", now: S.at(25))
        #expect(retry.status == 0, "\(retry)")
        let retryRecords = records(retry)
        let delivered = try #require(retryRecords.first { $0["message"] as? String == "delivery attempted" && $0["notification.id"] as? String == id },
                                     "\(retryRecords)")
        #expect(delivered["outcome"] as? String == "delivered")
        #expect(delivered["attempt"] as? Int == 2)
        #expect(retryRecords.contains { $0["message"] as? String == "deadline warning recorded" && $0["obligation.id"] as? String == "data-protection-authorities" })
        let finished = try #require(retryRecords.first { $0["message"] as? String == "check finished" })
        #expect(finished["delivered"] as? Int ?? 0 >= 1)
        #expect(finished["warnings"] as? Int ?? 0 >= 1)
        // When a later check finds the deadline missed
        let check = try s.cli.run("check", "--log-format", "json", now: S.at(73))
        #expect(check.status == 2, "\(check)")
        let checkRecords = records(check)
        #expect(checkRecords.contains { $0["message"] as? String == "deadline missed recorded" && $0["obligation.id"] as? String == "data-protection-authorities" })
        // The overdue status that text mode prints as `breach: overdue: …` is a record too, the last line
        #expect(checkRecords.last?["message"] as? String == "incident overdue")
        #expect(checkRecords.last?["incident.id"] as? String == "INC-1")
        // And nothing secret or private: no secret, no webhook URL, no message text
        for output in [notify, retry, check] {
            #expect(!output.stderr.contains(S.secret))
            #expect(!output.stderr.contains("127.0.0.1"))
            #expect(!output.stderr.contains("Dear") && !output.stderr.contains("Security incident affecting"))
        }
    }

    @Test func textStaysTheDefaultAndUnchanged() throws {
        let a = try scenario(), b = try scenario()
        let plain = try a.cli.run("check", now: S.at(73))
        let text = try b.cli.run("check", "--log-format", "text", now: S.at(73))
        #expect(plain.status == 2 && text.status == 2)
        #expect(plain.stdout == text.stdout)
        #expect(plain.stderr == text.stderr)
        #expect(plain.stderr == "breach: overdue: INC-1\n")
    }

    @Test func failuresAreRecordsTooInJSONMode() throws {
        let s = try scenario()
        // A notification that cannot be signed: check exits 3 and says why as an error record
        _ = try s.cli.run(["notify", "INC-1", "--obligation", "customer-admins"], now: S.at(1), environment: [S.secretVariable: ""])
        let check = try s.cli.run(["check", "--log-format", "json"], now: S.at(2), environment: [S.secretVariable: ""])
        #expect(check.status == 3, "\(check)")
        let waiting = try #require(records(check).first { $0["message"] as? String == "notifications waiting" })
        #expect(waiting["level"] as? String == "error")
        #expect((waiting["reason"] as? String)?.contains(S.secretVariable) == true)
        #expect(waiting["count"] as? Int == 1)
        // A command error after the format is known is a record as well
        let missing = try s.cli.run("notify", "INC-9", "--log-format", "json")
        #expect(missing.status == 66, "\(missing)")
        let failure = try #require(records(missing).first)
        #expect(failure["message"] as? String == "command failed")
        #expect((failure["error"] as? String)?.contains("INC-9") == true)
    }

    @Test func anUnknownLogFormatIsRefused() throws {
        let s = try scenario()
        try s.cli.expectRefusal(64, ["check", "--log-format", "yaml"], mentioning: "--log-format 'yaml' is not a log format; use text or json")
        try s.cli.expectRefusal(64, ["notify", "INC-1"], environment: ["BREACH_LOG_FORMAT": "xml"], mentioning: "$BREACH_LOG_FORMAT 'xml'")
    }
}

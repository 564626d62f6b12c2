import BreachDomain
import BreachTestSupport
import Foundation
import Testing

/// Email at volume through the CLI: `--max-seconds`, `smtp.max_per_minute`, a relay that refuses, and
/// `notify --dry-run`, against the real aiosmtpd server on 127.0.0.1. Nothing is reported delivered that
/// the relay did not accept, and nothing unattempted disappears: it stays queued and is said to.
@Suite("Delivery: email at volume, end to end")
struct EmailVolumeTests {
    typealias S = DeliveryScenario
    static let authorityEmail = EmailOutboxTests.authorityEmail
    static let subjectsEmail = EmailOutboxTests.subjectsEmail

    /// INC-1 declared with two email recipients (the authority and the data subjects' list), `secops` for
    /// escalations, and a relay started with `serverArguments`.
    func scenario(serverArguments: [String] = [], smtp: [String: String] = [:]) throws -> (DeliveryScenario, TestServer) {
        try EmailOutboxTests().scenario(serverArguments: serverArguments, smtp: smtp)
    }

    @Test func theTimeBudgetLeavesTheRestQueuedForTheNextCheck() throws {
        // Given a relay that takes one message every two seconds
        let (s, server) = try scenario(smtp: ["max_per_minute": "30"])
        // When notify has 1.5 s to send two emails
        let notify = try s.cli.run("notify", "INC-1", "--max-seconds", "1.5", now: S.at(1))
        #expect(notify.status == 0, "\(notify)")
        // Then one went out, and the other is left queued — said so, not reported delivered, no attempt spent
        #expect(notify.stdout.components(separatedBy: "  delivered ").count == 2, "\(notify)")
        #expect(notify.stderr.contains("warning: 1 notification(s) left queued: the run's time budget (--max-seconds) was used"), "\(notify)")
        #expect(!notify.stderr.contains("\r") && !notify.stderr.contains("\u{1B}"), "no progress line off a terminal: \(notify)")
        #expect(server.log(atLeast: 1).count == 1)
        let states = try [Self.authorityEmail, Self.subjectsEmail].map { try s.notification($0, now: S.at(1)) }
        let left = try #require(states.first { $0["status"] as? String == "queued" }, "\(states)")
        #expect(left["attempts"] as? Int == 0)
        #expect(try s.count(of: "notification.delivered") == 1)
        #expect(try s.count(of: "notification.attempted") == 0)
        // And the next check sends it (it was leased to nobody), and exits 0
        let check = try s.cli.run("check", now: S.at(1, seconds: 60))
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("delivered: \(left["id"] as? String ?? "?")"), "\(check)")
        #expect(server.log(atLeast: 2).count == 2)
        #expect(try s.count(of: "notification.delivered") == 2)
        try s.expectVerifies()
    }

    @Test func onATerminalAProgressLineIsDrawnThenErased() throws {
        // Given two emails one second apart: long enough for the line to appear (after 0.4 s)
        let (s, server) = try scenario(smtp: ["max_per_minute": "60"])
        let binary = try #require(BreachCLI.executable)
        let command = [binary.path, "notify", "INC-1", "--now", S.at(1)].map { "'\($0)'" }.joined(separator: " ")
        // When notify runs on a pseudo-terminal (script(1) gives it one)
        let output = try s.cli.execute(URL(fileURLWithPath: "/usr/bin/script"), ["-qefc", command, "/dev/null"], environment: ["TERM": "xterm"])
        #expect(output.status == 0, "\(output)")
        // Then the progress line is drawn on it and erased before the report
        #expect(output.stdout.contains("\r\u{1B}[Knotifying INC-1…"), "\(output.stdout.debugDescription)")
        #expect(output.stdout.contains("delivered \(Self.authorityEmail): 250"), "\(output.stdout.suffix(600).debugDescription)")
        #expect(server.log(atLeast: 2).count == 2)
    }

    @Test func aRefusingRelayLeavesEmailQueuedUnspentAndTheCheckerFails() throws {
        // Given two emails queued while the budget allowed no sending, and a relay that answers 421 to everything
        let (s, server) = try scenario(serverArguments: ["--reply", "421"])
        let notify = try s.cli.run("notify", "INC-1", "--max-seconds", "0.001", now: S.at(1))
        #expect(notify.status == 0, "\(notify)")
        #expect(notify.stderr.contains("warning: 2 notification(s) left queued: the run's time budget"), "\(notify)")
        #expect(server.log().isEmpty)
        // When the checker runs: four tries with pauses, then the transport gives up for this run
        let check = try s.cli.run("check", "--json", now: S.at(1, seconds: 60))
        // Then it exits 3 naming the relay's answer, and nothing is recorded against the notifications
        #expect(check.status == 3, "\(check)")
        #expect(check.stderr.contains("2 email notification(s) left queued, no attempt spent: the SMTP server refused or was busy (421 4.3.2 Service shutting down)"), "\(check)")
        let leftQueued = try #require(try check.object()["left_queued"] as? [[String: Any]])
        #expect(leftQueued.count == 1 && leftQueued.first?["count"] as? Int == 2, "\(leftQueued)")
        #expect((try check.object()["delivered"] as? [Any])?.isEmpty == true)
        // Four answers stop the transport; with two connections a second message may already be in flight.
        #expect((4...5).contains(server.log(atLeast: 4).count), "\(server.log())")
        for id in [Self.authorityEmail, Self.subjectsEmail] {
            let notification = try s.notification(id, now: S.at(1))
            #expect(notification["status"] as? String == "queued")
            #expect(notification["attempts"] as? Int == 0)
        }
        #expect(try s.count(of: "notification.attempted") == 0)
        #expect(try s.count(of: "notification.delivered") == 0)
    }

    @Test func dryRunCountsPerObligationAndChannelAndWritesNothing() throws {
        let (s, server) = try scenario()
        let before = try s.cli.fingerprint()
        // When notify is asked for a dry run
        let dry = try s.cli.run("notify", "INC-1", "--dry-run", now: S.at(1))
        #expect(dry.status == 0, "\(dry)")
        // Then it prints what it would queue, per obligation and channel, and nothing is written or sent
        let lines = dry.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.first == "INC-1: dry run, nothing queued, sent or written", "\(dry)")
        #expect(lines.contains("data-protection-authorities email 1 0"), "\(dry)")
        #expect(lines.contains("data-subjects email 1 0"), "\(dry)")
        #expect(lines.last == "total 2 0", "\(dry)")
        #expect(dry.stderr.contains("warning: no contact can receive customer-admins"), "the same warning as notify: \(dry)")
        #expect(try s.cli.fingerprint() == before)
        #expect(server.log().isEmpty)
        // And once notified, a dry run has nothing left to queue; JSON says the same
        try s.cli.succeed("notify", "INC-1", "--obligation", "data-protection-authorities", now: S.at(1))
        let again = try s.cli.run("notify", "INC-1", "--dry-run", "--json", now: S.at(1))
        #expect(again.status == 0, "\(again)")
        let json = try again.object()
        #expect(json["dry_run"] as? Bool == true)
        #expect(json["to_queue"] as? Int == 1 && json["pending"] as? Int == 0, "\(json)")
        let rows = try #require(json["obligations"] as? [[String: Any]])
        #expect(rows.map { "\($0["obligation_id"] ?? "")/\($0["channel"] ?? "")/\($0["to_queue"] ?? "")" } == ["data-subjects/email/1"], "\(rows)")
    }

    @Test func dryRunRefusesAsNotifyWould() throws {
        let s = try DeliveryScenario()
        try s.configure()
        _ = try s.cli.detect()
        try s.cli.expectRefusal(67, ["notify", "INC-1", "--dry-run"], mentioning: "is not declared")
    }

    @Test(arguments: [["check", "--max-seconds", "0"], ["notify", "INC-1", "--max-seconds", "soon"],
                      ["check", "--max-seconds", "90000"]])
    func aBadTimeBudgetIsRefused(_ arguments: [String]) throws {
        let s = try DeliveryScenario()
        try s.configure()
        try s.addEmailContact("cnil", role: "authority", email: "notifications@cnil.example")
        try s.declare(affecting: ["cnil"])
        try s.cli.expectRefusal(64, arguments, mentioning: "--max-seconds")
    }

    @Test(arguments: [("max_connections", "0"), ("max_connections", "33"), ("max_per_minute", "many"), ("max_per_minute", "0")])
    func badSMTPLimitsAreRefused(_ key: String, _ value: String) throws {
        let s = try DeliveryScenario()
        try s.configure()
        _ = try s.cli.detect()
        try s.configure(smtp: ["url": "smtp://127.0.0.1:25", "from": "breach@breach.example", key: value])
        try s.cli.expectRefusal(65, ["check"], mentioning: "smtp.\(key) must be a whole number")
    }
}

import BreachTestSupport
import Foundation
import Testing

/// Issue 18: an SMTP server's reply is stored printable, like an HTTP status line.
@Suite("Security: hostile SMTP replies")
struct HostileSMTPReplyTests {
    typealias S = DeliveryScenario

    @Test func escapesInAnSMTPReplyAreStoredPrintable() throws {
        let s = try DeliveryScenario()
        // 553 is scripted with escape sequences and a bell in its text (scripts/testservers/smtp_server.py)
        let server = try TestServer(script: "smtp_server.py", arguments: ["--reply", "553"], directory: s.cli.directory, name: "smtp")
        try s.configure(smtp: ["url": "smtp://127.0.0.1:\(server.port)", "from": "breach@breach.example"], escalation: [])
        try s.addEmailContact("cnil", role: "authority", email: "notifications@cnil.example")
        try s.declare(affecting: ["cnil"])
        let notify = try s.cli.run("notify", "INC-1", "--obligation", "data-protection-authorities", now: S.at(1))
        let receipts = try s.receipts(of: "INC-1.data-protection-authorities.cnil.email")
        try #require(receipts.count == 1, "\(notify) \(receipts)")
        #expect(receipts[0].hasPrefix("553") && receipts[0].contains("\\u{1b}"), "\(receipts)")
        for output in [notify, try s.cli.run("show", "INC-1", now: S.at(1)), try s.cli.run("timeline", "INC-1", now: S.at(1))] {
            #expect(!HostileReceiverTests.hasControl(output.stdout) && !HostileReceiverTests.hasControl(output.stderr), "\(output)")
        }
    }
}

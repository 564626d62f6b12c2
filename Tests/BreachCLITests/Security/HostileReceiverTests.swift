import Foundation
import Testing

/// Issue 18: bytes a receiver chooses never reach the operator's terminal, the log, CSV or Markdown raw.
@Suite("Security: hostile receivers cannot write to the terminal")
struct HostileReceiverTests {
    typealias S = DeliveryScenario

    /// True when `text` holds a control character other than newline and tab (an escape, a bell, a CR).
    /// (CSV's CRLF row ends are allowed.)
    static func hasControl(_ text: String) -> Bool {
        text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }
    }

    @Test(arguments: ["/hostile/status", "/hostile/redirect"])
    func escapesInStatusLinesAndLocationHeadersAreStoredPrintable(path: String) throws {
        let s = try DeliveryScenario()
        try s.configure(escalation: [])
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url(path))
        let id = try s.declare(affecting: ["acme-hook"])
        // When the receiver answers with escape sequences
        let notify = try s.cli.run("notify", id, "--obligation", "customer-admins", now: S.at(1))
        #expect(s.requests(to: path).count == 1, "\(notify)")
        // Then what is stored is the printable form, bounded
        let receipts = try s.receipts(of: "INC-1.customer-admins.acme-hook.webhook")
        try #require(receipts.count == 1, "\(receipts)")
        #expect(!Self.hasControl(receipts[0]), "\(receipts)")
        #expect(receipts[0].contains("\\u{1b}"), "the escape should be visible as text: \(receipts)")
        // And no command prints a control byte from it
        let outputs = [notify] + (try [
            ["check"], ["check", "--json"], ["show", id], ["show", id, "--json"], ["timeline", id], ["report", "notifications"],
            ["report", "notifications", "--format", "table"], ["export", id, "--format", "md"], ["report", "sla"],
        ].map { try s.cli.run($0, now: S.at(1.5)) })
        for output in outputs {
            #expect(!Self.hasControl(output.stdout) && !Self.hasControl(output.stderr), "\(output)")
        }
    }

    @Test(arguments: ["/etc/ssl/\u{1B}[2Jca.pem", "/etc/ssl/ca\n.pem", "/etc/ssl/\u{7}ca.pem", "/etc/ssl/\u{9B}ca.pem"])
    func aCABundlePathWithAControlCharacterIsRefused(path: String) throws {
        let cli = try BreachCLI()
        try cli.detect()
        let output = try cli.expectRefusal(64, ["contact", "add", "acme-hook", "--name", "Acme", "--role", "customer-admin",
                                                "--webhook", "https://hooks.example/x", "--ca-bundle", path], mentioning: "control character")
        #expect(!Self.hasControl(output.stderr.dropLast().description), "\(output)")
        // And in breach.yml's smtp.ca_bundle (YAML double quotes carry the escape)
        let escaped = path.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? String(format: "\\x%02X", $0.value) : String($0) }.joined()
        try "smtp:\n  url: smtps://127.0.0.1:1\n  from: breach@example.org\n  ca_bundle: \"\(escaped)\"\n"
            .write(toFile: cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        try cli.expectRefusal(65, ["check"], mentioning: "control character")
    }
}

import BreachDomain
import BreachTestSupport
import Foundation
import Testing

/// The `standard` (Standard Webhooks) and `teams` webhook formats, delivered end to end to a receiver on
/// 127.0.0.1 that verifies with the `standardwebhooks` library from PyPI, not with breach's own code.
@Suite("Delivery: Standard Webhooks and Teams formats")
struct WebhookFormatTests {
    typealias S = DeliveryScenario
    /// A Standard Webhooks secret (base64 of 32 bytes), as `openssl rand -base64 32` makes one.
    static let standardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2q3/0fNdgFU="
    static let otherStandardSecret = "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()
    static let hookID = "INC-1.customer-admins.acme-std.webhook"

    /// A receiver that verifies every request with `standardwebhooks` against `receiverSecret`, breach.yml, and
    /// INC-1 declared with `acme-std` (format standard, secret from `$STD_SECRET`) affected.
    func standardScenario(receiverSecret: String = standardSecret, title: String = "Leaked S3 bucket") throws -> (S, TestServer) {
        var scenario = try DeliveryScenario()
        scenario.cli.environment["STD_SECRET"] = Self.standardSecret
        let receiver = try TestServer(script: "webhook_server.py", arguments: ["--standard-secret", receiverSecret],
                                      directory: scenario.cli.directory, name: "standard")
        try scenario.configure(escalation: [])
        try scenario.cli.succeed("contact", "add", "acme-std", "--name", "Acme SOC", "--role", "customer-admin",
                                 "--webhook", receiver.url("/ok"), "--webhook-format", "standard", "--webhook-secret", "env:STD_SECRET")
        let id = try scenario.cli.detect(title)
        try scenario.cli.succeed("affect", id, "--contact", "acme-std")
        try scenario.cli.succeed("declare", id, "--reason", "customer PII exposed")
        return (scenario, receiver)
    }

    @Test func standardWebhooksAreVerifiedByTheReferenceLibrary() throws {
        let (s, receiver) = try standardScenario()
        // When the obligation is notified (at an effective time days before the real clock)
        let output = try s.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        #expect(output.stdout.contains("delivered \(Self.hookID): HTTP 200 OK"), "\(output)")
        // Then the library accepted the signature (its timestamp is the real clock's) and refused a tampered body
        let requests = receiver.log()
        try #require(requests.count == 1, "\(requests)")
        let request = requests[0]
        #expect(request["standard_valid"] as? Bool == true, "\(request)")
        #expect(request["tampered_rejected"] as? Bool == true, "\(request)")
        #expect(header("webhook-id", of: request) == Self.hookID)
        #expect(header("Idempotency-Key", of: request) == Self.hookID)
        #expect((header("webhook-signature", of: request) ?? "").hasPrefix("v1,"))
        let stamp = try #require(Double(header("webhook-timestamp", of: request) ?? ""))
        #expect(abs(stamp - Date().timeIntervalSince1970) < 300)
        #expect(header("X-Breach-Signature", of: request) == nil, "a standard request carries only the standard signature")
        // And the body is breach's document in the Standard Webhooks envelope
        let body = try #require(try JSONSerialization.jsonObject(with: Data((request["body"] as? String ?? "").utf8)) as? [String: Any])
        #expect(body["type"] as? String == "breach.notification")
        #expect(body["timestamp"] as? String == S.at(1))
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["notification_id"] as? String == Self.hookID)
        #expect((data["incident"] as? [String: Any])?["id"] as? String == "INC-1")
        #expect(try s.notification(Self.hookID, now: S.at(1))["status"] as? String == "delivered")
    }

    @Test func aReceiverWithAnotherSecretRejectsTheRequest() throws {
        let (s, receiver) = try standardScenario(receiverSecret: Self.otherStandardSecret)
        let output = try s.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        // The library refused the signature, the receiver answered 401, and breach recorded a permanent failure
        #expect(output.stdout.contains("FAILED \(Self.hookID): HTTP 401"), "\(output)")
        let request = try #require(receiver.log().first)
        #expect(request["standard_valid"] as? Bool == false)
        #expect((request["standard_error"] as? String)?.contains("No matching signature") == true, "\(request)")
    }

    @Test func aStandardContactNeedsAWhsecSecret() throws {
        let cli = try BreachCLI()
        try cli.detect()
        let base = ["contact", "add", "acme-std", "--name", "Acme", "--role", "customer-admin",
                    "--webhook", "https://hooks.acme.example/breach", "--webhook-format", "standard"]
        // Without a secret: nothing to sign with
        try cli.expectRefusal(64, base, mentioning: "--webhook-secret")
        // With a secret that is readable here but not whsec_<base64>: refused, naming the fix
        try cli.expectRefusal(64, base + ["--webhook-secret", "env:STD_SECRET"], environment: ["STD_SECRET": "whsec_not*base64!"],
                              mentioning: "not valid base64")
        try cli.expectRefusal(64, base + ["--webhook-secret", "env:STD_SECRET"], environment: ["STD_SECRET": "plain-shared-secret"],
                              mentioning: "must start with whsec_")
        // An unknown format is refused the same way
        try cli.expectRefusal(64, ["contact", "add", "acme", "--name", "Acme", "--role", "customer-admin",
                                   "--webhook", "https://hooks.acme.example/breach", "--webhook-format", "discord"],
                              mentioning: "generic, standard, slack or teams")
    }

    @Test func aMalformedSecretAtSendTimeKeepsTheNotificationQueued() throws {
        let (s, receiver) = try standardScenario()
        // Given the checker's environment holds a broken whsec_ secret
        let check = try s.cli.run(["notify", "INC-1", "--obligation", "customer-admins"], now: S.at(1),
                                  environment: ["STD_SECRET": "whsec_%%%"])
        #expect(check.status == 0, "\(check)")
        #expect(check.stderr.contains("not valid base64"), "\(check)")
        // Then nothing was sent, and check says why in one line and exits 3
        let later = try s.cli.run(["check"], now: S.at(2), environment: ["STD_SECRET": "whsec_%%%"])
        #expect(later.status == 3, "\(later)")
        #expect(later.stderrLines.count == 1 && later.stderr.hasPrefix("breach: ") && later.stderr.contains("whsec_"), "\(later)")
        #expect(receiver.log().isEmpty)
        #expect(try s.notification(Self.hookID, now: S.at(2))["status"] as? String == "queued")
        // And with the right secret the next check sends it, verified
        #expect(try s.cli.run("check", now: S.at(3)).status == 0)
        #expect(receiver.log().map { $0["standard_valid"] as? Bool } == [true])
    }

    @Test func aTeamsContactGetsAnAdaptiveCardThatShowsTitlesLiterally() throws {
        let scenario = try DeliveryScenario()
        try scenario.configure(escalation: [])
        try scenario.cli.succeed("contact", "add", "acme-teams", "--name", "Acme Teams", "--role", "customer-admin",
                                 "--webhook", scenario.webhooks.url("/ok"), "--webhook-format", "teams",
                                 "--webhook-secret", "env:\(DeliveryScenario.secretVariable)")
        // Given a title that would be Markdown, a link and a mention if it were interpreted
        let title = "**urgent** [click](https://evil.example) <at>all</at> \"quoted\""
        let id = try scenario.cli.detect(title)
        try scenario.cli.succeed("affect", id, "--contact", "acme-teams")
        try scenario.cli.succeed("declare", id, "--reason", "customer PII exposed")
        try scenario.cli.succeed("notify", id, "--obligation", "customer-admins", now: S.at(1))
        let request = try #require(scenario.requests(to: "/ok").first)
        #expect(request["signature_valid"] as? Bool == true)
        let body = try #require(try JSONSerialization.jsonObject(with: Data((request["body"] as? String ?? "").utf8)) as? [String: Any])
        // Then it is a Teams message with one Adaptive Card
        #expect(body["type"] as? String == "message")
        let attachment = try #require((body["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["type"] as? String == "AdaptiveCard")
        #expect(card["version"] as? String == "1.4")
        // And every text is a TextRun (never parsed as Markdown), the title exactly as typed
        let blocks = try #require(card["body"] as? [[String: Any]])
        #expect(blocks.allSatisfy { $0["type"] as? String == "RichTextBlock" }, "\(blocks)")
        let runs = blocks.flatMap { ($0["inlines"] as? [[String: Any]]) ?? [] }
        #expect(runs.allSatisfy { $0["type"] as? String == "TextRun" })
        let texts = runs.compactMap { $0["text"] as? String }
        #expect(texts.first == "[INC-1] Security incident affecting your account: \(title)", "\(texts)")
        #expect(texts.contains { $0.contains("What happened: \(title)") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("INC-1 · high · ") }, "\(texts)")
    }

    @Test func slackTextEscapesItsControlCharacters() throws {
        let scenario = try DeliveryScenario()
        try scenario.configure(escalation: [])
        try scenario.cli.succeed("contact", "add", "acme-slack", "--name", "Acme Slack", "--role", "customer-admin",
                                 "--webhook", scenario.webhooks.url("/ok"), "--webhook-format", "slack")
        let id = try scenario.cli.detect("Leak <!channel> & <https://evil.example|click>")
        try scenario.cli.succeed("affect", id, "--contact", "acme-slack")
        try scenario.cli.succeed("declare", id, "--reason", "customer PII exposed")
        try scenario.cli.succeed("notify", id, "--obligation", "customer-admins", now: S.at(1))
        let request = try #require(scenario.requests(to: "/ok").first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data((request["body"] as? String ?? "").utf8)) as? [String: String])
        let text = try #require(body["text"])
        #expect(text.hasPrefix("*[INC-1] Security incident affecting your account: Leak &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;*\n"), "\(text)")
        #expect(!text.contains("<"))
    }
}

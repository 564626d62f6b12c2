import BreachDomain
import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// `breach notify` and `breach check` delivering webhooks through the outbox to a real receiver on 127.0.0.1.
@Suite("Delivery: webhooks through the outbox, end to end")
struct WebhookOutboxTests {
    typealias S = DeliveryScenario
    static let customerHook = "INC-1.customer-admins.acme-hook.webhook"

    /// INC-1 declared at T with `acme-hook` (customer-admin, webhook on `path`) affected, and `secops` for escalations.
    func scenario(path: String) throws -> DeliveryScenario {
        let scenario = try DeliveryScenario()
        try scenario.configure()
        try scenario.addEscalationContact()
        try scenario.addWebhookContact("acme-hook", role: "customer-admin", url: scenario.webhooks.url(path))
        try scenario.declare(affecting: ["acme-hook"])
        return scenario
    }

    @Test func acceptedWebhookIsDeliveredSignedAndKeyed() throws {
        let s = try scenario(path: "/ok")
        // When the customers' obligation is notified
        let output = try s.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        // Then the receiver got one signed POST keyed by the notification id
        #expect(output.stdout.contains("delivered \(Self.customerHook): HTTP 200 OK"), "\(output)")
        let requests = s.requests(to: "/ok")
        try #require(requests.count == 1, "\(requests)")
        let request = requests[0]
        #expect(request["method"] as? String == "POST")
        #expect(header("Idempotency-Key", of: request) == Self.customerHook)
        #expect(header("Content-Type", of: request) == "application/json")
        #expect(request["signature_valid"] as? Bool == true, "the receiver could not verify X-Breach-Signature with the env: secret")
        let body = try #require(try JSONSerialization.jsonObject(with: Data((request["body"] as? String ?? "").utf8)) as? [String: Any])
        #expect(body["notification_id"] as? String == Self.customerHook)
        #expect((body["incident"] as? [String: Any])?["id"] as? String == "INC-1")
        #expect((body["obligation"] as? [String: Any])?["due_at"] as? String == S.at(72))
        #expect((body["subject"] as? String)?.hasPrefix("[INC-1] Security incident affecting your account") == true)
        // And the receipt is recorded, the notification delivered and the obligation met at that time
        #expect(try s.receipts(of: Self.customerHook) == ["HTTP 200 OK"])
        let notification = try s.notification(Self.customerHook, now: S.at(1))
        #expect(notification["status"] as? String == "delivered")
        #expect(notification["attempts"] as? Int == 1)
        #expect(notification["delivered_at"] as? String == S.at(1))
        let obligation = try s.obligation("customer-admins", now: S.at(1))
        #expect(obligation["status"] as? String == "met")
        #expect(obligation["met_at"] as? String == S.at(1))
        // And later checks send nothing again
        #expect(try s.cli.run("check", now: S.at(2)).status == 0)
        #expect(s.requests(to: "/ok").count == 1)
        try s.expectVerifies()
    }

    @Test func notFoundFailsPermanentlyAndEscalatesOnce() throws {
        let s = try scenario(path: "/status/404")
        // When the receiver answers 404
        let output = try s.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        #expect(output.stdout.contains("FAILED \(Self.customerHook): HTTP 404"), "\(output)")
        let notification = try s.notification(Self.customerHook, now: S.at(1))
        #expect(notification["status"] as? String == "failed")
        #expect((notification["last_error"] as? String)?.contains("404") == true)
        // Then the escalation contact is alerted right away, with its own idempotency key
        let escalationID = "INC-1.escalation.failed.\(Self.customerHook).secops.webhook"
        let alerts = s.requests(to: S.escalationPath)
        #expect(alerts.count == 1, "\(s.requests())")
        #expect(alerts.first.flatMap { header("Idempotency-Key", of: $0) } == escalationID)
        #expect((alerts.first?["body"] as? String)?.contains("failed permanently") == true)
        #expect(try s.notification(escalationID, now: S.at(1))["status"] as? String == "delivered")
        // And no later check retries the failed notification or alerts again
        for hours in [1.5, 5, 30] { _ = try s.cli.run("check", now: S.at(hours)) }
        #expect(s.requests(to: "/status/404").count == 1)
        #expect(s.requests(to: S.escalationPath).filter { header("Idempotency-Key", of: $0) == escalationID }.count == 1)
        #expect(try s.obligation("customer-admins", now: S.at(30))["status"] as? String == "pending")
        try s.expectVerifies()
    }

    @Test func serverErrorsAreRetriedOnlyWhenTheBackoffHasPassed() throws {
        let s = try scenario(path: "/seq/x/500,500,200")
        // Given a first attempt answered 500
        let output = try s.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        #expect(output.stdout.contains("will retry \(Self.customerHook): HTTP 500"), "\(output)")
        var previous = RFC3339.parse(S.at(1))!
        for attempt in 2...3 {
            // The stored retry time follows the policy: about 60 s, then 120 s (±20 % jitter)
            let notification = try s.notification(Self.customerHook, now: S.at(1))
            #expect(notification["status"] as? String == "retrying")
            let nextText = try #require(notification["next_attempt_at"] as? String)
            let next = try #require(RFC3339.parse(nextText))
            let expected = 60 * pow(2, Double(attempt - 2))
            #expect(next.timeIntervalSince(previous) >= expected * 0.8 && next.timeIntervalSince(previous) <= expected * 1.2,
                    "attempt \(attempt) at \(nextText) after \(RFC3339.format(previous))")
            // When a check runs one second before it, nothing is sent
            let early = try s.cli.run("check", "--json", now: RFC3339.format(next.addingTimeInterval(-1)))
            #expect(early.status == 0, "\(early)")
            #expect((try early.object()["delivered"] as? [Any])?.isEmpty == true)
            #expect(s.requests().count == attempt - 1)
            // When a check runs at it, the notification is attempted again
            let due = try s.cli.run("check", "--json", now: nextText)
            #expect(due.status == 0, "\(due)")
            #expect(s.requests().count == attempt)
            previous = next
        }
        // Then the third attempt delivered it, with every receipt on record
        let notification = try s.notification(Self.customerHook, now: S.at(2))
        #expect(notification["status"] as? String == "delivered")
        #expect(notification["attempts"] as? Int == 3)
        #expect(notification["delivered_at"] as? String == RFC3339.format(previous))
        #expect(try s.receipts(of: Self.customerHook) == ["HTTP 500 Internal Server Error", "HTTP 500 Internal Server Error", "HTTP 200 OK"])
        #expect(Set(s.requests().compactMap { header("Idempotency-Key", of: $0) }) == [Self.customerHook])
        try s.expectVerifies()
    }

    @Test func serverDownThenUpIsRetriedThenDelivered() throws {
        // Given a receiver port with nobody listening
        let s = try DeliveryScenario()
        let later = try TestServer(script: "webhook_server.py", directory: s.cli.directory, name: "later")
        let port = later.port
        later.stop()
        try s.configure()
        try s.addEscalationContact()
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: "http://127.0.0.1:\(port)/ok")
        try s.declare(affecting: ["acme-hook"])
        // When notified, the connection is refused and the notification waits for a retry
        let output = try s.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        #expect(output.stdout.contains("will retry"), "\(output)")
        let waiting = try s.notification(Self.customerHook, now: S.at(1))
        #expect(waiting["status"] as? String == "retrying")
        #expect((waiting["last_error"] as? String)?.contains("curl 7") == true, "\(waiting)")
        // When the receiver comes up on that port and the checker runs after the backoff
        let up = try TestServer(script: "webhook_server.py", arguments: ["--port", String(port)], directory: s.cli.directory, name: "up")
        let check = try s.cli.run("check", now: try #require(waiting["next_attempt_at"] as? String))
        #expect(check.status == 0, "\(check)")
        // Then it is delivered on the second attempt
        #expect(up.log().compactMap { header("Idempotency-Key", of: $0) } == [Self.customerHook])
        let delivered = try s.notification(Self.customerHook, now: S.at(2))
        #expect(delivered["status"] as? String == "delivered")
        #expect(delivered["attempts"] as? Int == 2)
    }

    @Test func redirectIsNeitherFollowedNorDelivered() throws {
        let s = try scenario(path: "/redirect")
        let output = try s.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        #expect(output.stdout.contains("FAILED \(Self.customerHook): HTTP 302"), "\(output)")
        // The receiver saw the POST to /redirect and nothing at /ok (the redirect target)
        #expect(s.requests(to: "/redirect").count == 1)
        #expect(s.requests(to: "/ok").isEmpty)
        #expect(try s.notification(Self.customerHook, now: S.at(1))["status"] as? String == "failed")
        #expect(try s.obligation("customer-admins", now: S.at(1))["met_at"] is NSNull)
    }

    @Test func notificationQueuedButNeverAttemptedIsDeliveredByTheNextCheck() throws {
        let s = try scenario(path: "/ok")
        // Given a notification queued (as `notify` does first) by a process that died before attempting it
        let service = IncidentService(store: try SQLiteStore.open(path: s.cli.databasePath), clock: FixedClock(RFC3339.parse(S.at(1))!), actor: "tester")
        let outbox = NotificationOutbox(service: service, configuration: BreachConfiguration(), environment: [:])
        let queued = try outbox.queue(incidentID: "INC-1", obligationID: "customer-admins").notifications
        #expect(queued.map(\.id) == [Self.customerHook])
        #expect(try s.notification(Self.customerHook, now: S.at(1))["status"] as? String == "queued")
        #expect(s.requests().isEmpty)
        // When the checker runs
        let check = try s.cli.run("check", now: S.at(1.1))
        #expect(check.status == 0, "\(check)")
        // Then it is delivered, once
        #expect(s.requests().compactMap { header("Idempotency-Key", of: $0) } == [Self.customerHook])
        #expect(try s.notification(Self.customerHook, now: S.at(2))["status"] as? String == "delivered")
    }

    @Test func notifyKilledMidAttemptLeavesTheNotificationForTheNextCheck() throws {
        let s = try scenario(path: "/sleep/1.5")
        // Given `notify` killed while its request is in flight (queued and leased, never recorded)
        let notify = try s.cli.start(["notify", "INC-1", "--obligation", "customer-admins"], now: S.at(1))
        #expect(s.webhooks.log(atLeast: 1).count == 1)
        notify.kill()
        #expect(try notify.wait().status != 0)
        let stranded = try s.notification(Self.customerHook, now: S.at(1))
        #expect(stranded["status"] as? String == "queued")
        #expect(stranded["attempts"] as? Int == 0)
        // When the checker runs (the dead process's lease does not hold it back)
        let check = try s.cli.run("check", now: S.at(1.1))
        #expect(check.status == 0, "\(check)")
        // Then it is delivered; the receiver saw the same Idempotency-Key twice and can de-duplicate
        #expect(try s.notification(Self.customerHook, now: S.at(2))["status"] as? String == "delivered")
        #expect(s.requests().compactMap { header("Idempotency-Key", of: $0) } == [Self.customerHook, Self.customerHook])
        try s.expectVerifies()
    }

    @Test func unsetSecretVariableKeepsTheNotificationQueuedAndLoud() throws {
        let s = try DeliveryScenario()
        try s.configure()
        try s.addEscalationContact()
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok"), secret: "env:ACME_SECRET_NOT_SET")
        try s.declare(affecting: ["acme-hook"])
        // When notified while the secret's variable is missing from the environment
        let notify = try s.cli.run("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        // Then nothing is sent unsigned, the notification stays queued, and both commands say why
        #expect(notify.status == 0, "\(notify)")
        #expect(notify.stderr.contains("ACME_SECRET_NOT_SET"), "\(notify)")
        #expect(s.requests().isEmpty)
        #expect(try s.notification(Self.customerHook, now: S.at(1))["status"] as? String == "queued")
        let check = try s.cli.run("check", now: S.at(2))
        #expect(check.status == 3, "\(check)")
        #expect(check.stderrLines.count == 1 && check.stderr.contains("ACME_SECRET_NOT_SET"), "\(check)")
        #expect(s.requests().isEmpty)
        // When the variable is set, the next check delivers it, signed
        let fixed = try s.cli.run(["check"], now: S.at(3), environment: ["ACME_SECRET_NOT_SET": DeliveryScenario.secret])
        #expect(fixed.status == 0, "\(fixed)")
        #expect(s.requests().map { $0["signature_valid"] as? Bool } == [true])
        #expect(try s.notification(Self.customerHook, now: S.at(3))["status"] as? String == "delivered")
    }
}

/// A contact whose webhook format is `slack` receives a Slack incoming-webhook message, still keyed and signed.
@Suite("Delivery: Slack-format webhooks")
struct SlackWebhookTests {
    @Test func aSlackContactGetsATextMessage() throws {
        let scenario = try DeliveryScenario()
        try scenario.configure()
        try scenario.cli.succeed("contact", "add", "acme-slack", "--name", "Acme Slack", "--role", "customer-admin",
                                 "--webhook", scenario.webhooks.url("/ok"), "--webhook-format", "slack",
                                 "--webhook-secret", "env:\(DeliveryScenario.secretVariable)")
        try scenario.declare(affecting: ["acme-slack"])
        try scenario.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: DeliveryScenario.at(1))
        let request = try #require(scenario.requests(to: "/ok").first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data((request["body"] as? String ?? "").utf8)) as? [String: Any])
        #expect(body.keys.sorted() == ["text"])
        #expect((body["text"] as? String)?.hasPrefix("*[INC-1] Security incident affecting your account") == true)
        #expect(header("Idempotency-Key", of: request) == "INC-1.customer-admins.acme-slack.webhook")
        #expect(request["signature_valid"] as? Bool == true)
    }
}

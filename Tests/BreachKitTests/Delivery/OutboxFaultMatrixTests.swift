@testable import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// A server behaviour and what the outbox must record for it.
struct DeliveryFault: Sendable, CustomTestStringConvertible {
    let name: String
    /// Webhook path on the test receiver, or smtp_server.py arguments.
    let setup: [String]
    let status: IncidentNotification.Status
    /// The wait a `Retry-After` asked for, which `next_attempt_at` must honour.
    var retryAfter: TimeInterval? = nil
    var testDescription: String { name }
}

/// The delivery fault matrix through the outbox: for each fault, what is recorded (status, attempt,
/// error, `next_attempt_at`), that nothing is ever recorded as delivered, and that a retry waits.
/// The transports' own receipts for the same faults are tested in WebhookSenderTests and SMTPSenderTests.
@Suite("Delivery fault matrix through the outbox")
struct OutboxFaultMatrixTests {
    let directory: TestDirectory

    init() throws { directory = try TestDirectory("outbox-faults") }

    static let webhookFaults = [
        DeliveryFault(name: "404 fails", setup: ["/status/404"], status: .failed),
        DeliveryFault(name: "410 fails", setup: ["/status/410"], status: .failed),
        DeliveryFault(name: "408 retries after Retry-After", setup: ["/status/408?retry_after=7200"], status: .retrying, retryAfter: 7200),
        DeliveryFault(name: "429 retries after Retry-After", setup: ["/status/429?retry_after=7200"], status: .retrying, retryAfter: 7200),
        DeliveryFault(name: "500 retries after Retry-After", setup: ["/status/500?retry_after=5400"], status: .retrying, retryAfter: 5400),
        DeliveryFault(name: "503 retries after Retry-After", setup: ["/status/503?retry_after=7200"], status: .retrying, retryAfter: 7200),
        DeliveryFault(name: "503 without Retry-After backs off", setup: ["/status/503"], status: .retrying),
        DeliveryFault(name: "timeout retries", setup: ["/sleep/4"], status: .retrying),
        DeliveryFault(name: "connection reset retries", setup: ["/reset"], status: .retrying),
        DeliveryFault(name: "302 is not followed and fails", setup: ["/redirect"], status: .failed),
    ]

    @Test(arguments: webhookFaults)
    func webhookFault(_ fault: DeliveryFault) throws {
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        var configuration = BreachConfiguration()
        configuration.webhookTotalTimeout = 1
        let scenario = try OutboxScenario(contact: Self.hook(server.url(fault.setup[0])), configuration: configuration)

        let notification = try scenario.deliver()

        try Self.expectRecorded(fault, notification, scenario)
        // Exactly one request: no redirect followed, no second attempt within the run.
        Thread.sleep(forTimeInterval: 0.2)
        #expect(server.log().count == 1, "\(server.log())")
        #expect(server.log().first?["path"] as? String == fault.setup[0])
    }

    @Test func webhookConnectionRefusedRetries() throws {
        let scenario = try OutboxScenario(contact: Self.hook("http://127.0.0.1:1/ok"))
        try Self.expectRecorded(DeliveryFault(name: "refused", setup: [], status: .retrying), try scenario.deliver(), scenario)
        #expect(try scenario.notification().lastError?.contains("curl 7") == true)
    }

    @Test func aRetryWaitsForItsTimeThenDelivers() throws {
        // Given a 429 (then 200): the retry is scheduled with backoff
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        let scenario = try OutboxScenario(contact: Self.hook(server.url("/seq/hook/429,200")))
        _ = try scenario.deliver()
        let next = try #require(try scenario.nextAttemptAt())
        // When the checker runs again a minute before it, nothing is sent
        let early = NotificationOutbox(service: Self.service(scenario, at: next.addingTimeInterval(-60)), configuration: BreachConfiguration(), environment: [:])
        #expect(try early.deliverDue().retrying.isEmpty)
        #expect(server.log().count == 1)
        // Then at the time it asked for, the retry goes out and is delivered
        let due = NotificationOutbox(service: Self.service(scenario, at: next), configuration: BreachConfiguration(), environment: [:])
        #expect(try due.deliverDue().delivered.count == 1)
        #expect(server.log(atLeast: 2).count == 2)
        #expect(try scenario.notification().status == .delivered)
        #expect(try scenario.notification().attempts == 2)
    }

    @Test func selfSignedWebhookFailsUnlessTheContactNamesItsCABundle() throws {
        let cert = try TestCertificate(in: directory)
        let server = try TestServer(script: "webhook_server.py", arguments: ["--tls", "--cert", cert.certPath, "--key", cert.keyPath], directory: directory)
        let url = server.url("/ok", scheme: "https")

        let untrusted = try OutboxScenario(contact: Self.hook(url)).deliver()
        #expect(untrusted.status == .failed)
        #expect(untrusted.lastError?.contains("TLS verification failed") == true)

        let trusted = try OutboxScenario(contact: Self.hook(url, caBundle: cert.certPath)).deliver()
        #expect(trusted.status == .delivered)
        #expect(server.log(atLeast: 1).count == 1, "only the trusted attempt reaches the receiver")
    }

    static let smtpFaults = [
        DeliveryFault(name: "450 (this mailbox busy) retries", setup: ["--reply", "450"], status: .retrying),
        DeliveryFault(name: "550 fails", setup: ["--reply", "550"], status: .failed),
        DeliveryFault(name: "dropped mid-DATA retries, never delivered", setup: ["--drop-mid-data"], status: .retrying),
    ]

    @Test(arguments: smtpFaults)
    func smtpFault(_ fault: DeliveryFault) throws {
        let server = try TestServer(script: "smtp_server.py", arguments: fault.setup, directory: directory)
        let scenario = try OutboxScenario(contact: Self.mailbox, configuration: Self.smtp("smtp://127.0.0.1:\(server.port)"))
        try Self.expectRecorded(fault, try scenario.deliver(), scenario)
        #expect(server.log(atLeast: 1).count == 1, "the server received the message once")
    }

    /// 421, 451 and 452 are the relay's answers about itself (busy, throttling, out of storage): the
    /// transport backs off and the notification stays queued with no attempt spent, no event, no lease.
    static let smtpTransportRefusals = [
        DeliveryFault(name: "421 backs the transport off", setup: ["--reply", "421"], status: .queued),
        DeliveryFault(name: "451 backs the transport off", setup: ["--reply", "451"], status: .queued),
        DeliveryFault(name: "452 backs the transport off", setup: ["--reply", "452"], status: .queued),
    ]

    @Test(arguments: smtpTransportRefusals)
    func smtpTransportRefusal(_ fault: DeliveryFault) throws {
        let server = try TestServer(script: "smtp_server.py", arguments: fault.setup, directory: directory)
        let scenario = try OutboxScenario(contact: Self.mailbox, configuration: Self.smtp("smtp://127.0.0.1:\(server.port)"))
        let reply = try Self.expectDeferredUnspent(scenario)
        #expect(reply.hasPrefix(fault.setup[1]), "\(reply)")
        #expect(server.log().count == 4, "asked four times, with pauses, then stopped for the run")
    }

    @Test func smtpConnectionRefusedBacksOffWithoutSpendingAnAttempt() throws {
        let scenario = try OutboxScenario(contact: Self.mailbox, configuration: Self.smtp("smtp://127.0.0.1:1"))
        #expect(try Self.expectDeferredUnspent(scenario).contains("curl 7"))
    }

    @Test func aRelayThatRecoversGetsTheDeferredNotificationOnTheNextRun() throws {
        // Given a relay that answers 421 four times (the transport gives up for the run), then accepts
        let server = try TestServer(script: "smtp_server.py", arguments: ["--replies", "421,421,421,421,250"], directory: directory)
        let scenario = try OutboxScenario(contact: Self.mailbox, configuration: Self.smtp("smtp://127.0.0.1:\(server.port)"))
        _ = try Self.expectDeferredUnspent(scenario)
        // When the next run comes, it is attempted once, delivered, and that is its first attempt
        let next = try scenario.outbox.deliverDue(incidentID: scenario.incidentID)
        #expect(next.delivered.count == 1 && next.deferred.isEmpty)
        #expect(try scenario.notification().status == .delivered)
        #expect(try scenario.notification().attempts == 1)
        #expect(server.log(atLeast: 5).count == 5)
    }

    @Test func startTLSWithAnUntrustedCertificateFailsUnlessTheCABundleIsConfigured() throws {
        let cert = try TestCertificate(in: directory)
        let server = try TestServer(script: "smtp_server.py", arguments: ["--starttls", "--cert", cert.certPath, "--key", cert.keyPath], directory: directory)
        var configuration = Self.smtp("smtp://127.0.0.1:\(server.port)")
        configuration.smtp?.requireStartTLS = true

        let untrusted = try OutboxScenario(contact: Self.mailbox, configuration: configuration).deliver()
        #expect(untrusted.status == .failed)
        #expect(untrusted.lastError?.contains("TLS verification failed") == true)

        configuration.smtp?.caBundle = cert.certPath
        #expect(try OutboxScenario(contact: Self.mailbox, configuration: configuration).deliver().status == .delivered)
        #expect(server.log(atLeast: 1).count == 1, "only the trusted attempt reaches DATA")
    }

    @Test func aUsedTimeBudgetLeavesTheNotificationQueuedAndLeasedToNobody() throws {
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        let scenario = try OutboxScenario(contact: Self.hook(server.url("/ok")))
        let seen = ProgressLog()
        scenario.outbox.progress = { seen.append($0) }
        // When the run's budget is used before anything could start
        let report = try scenario.outbox.deliverDue(incidentID: scenario.incidentID, maxSeconds: 0.000_001)
        // Then the notification is reported left queued, and is: unattempted, no event, no lease, nothing sent
        #expect(report.deferred == [.timeBudget: 1])
        #expect(report.delivered.isEmpty && report.retrying.isEmpty && report.failed.isEmpty)
        #expect(try scenario.notification().status == .queued)
        #expect(try scenario.notification().attempts == 0)
        #expect(try scenario.notificationEvents().map(\.type) == ["notification.queued"])
        #expect(try scenario.leaseCount() == 0)
        #expect(seen.all.last.map { ($0.claimed, $0.deferred, $0.done) } ?? (0, 0, 0) == (1, 1, 1))
        // And the next run, with time, delivers it on its first attempt
        let next = try scenario.outbox.deliverDue(incidentID: scenario.incidentID)
        #expect(next.delivered.count == 1 && next.deferred.isEmpty)
        #expect(try scenario.notification().attempts == 1)
        #expect(server.log(atLeast: 1).count == 1)
        #expect(seen.all.last.map { ($0.claimed, $0.delivered, $0.done) } ?? (0, 0, 0) == (1, 1, 1))
    }

    // MARK: - Helpers

    /// One run against a refusing relay: reported deferred (the relay's last answer as the reason), nothing
    /// delivered, retried or failed; the notification queued, unattempted, no event but its queueing, no
    /// lease left. Returns the relay's answer.
    static func expectDeferredUnspent(_ scenario: OutboxScenario, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        scenario.outbox.smtpBackoffBase = .milliseconds(20)
        let report = try scenario.outbox.deliverDue(incidentID: scenario.incidentID)
        #expect(report.delivered.isEmpty && report.retrying.isEmpty && report.failed.isEmpty, sourceLocation: sourceLocation)
        let notification = try scenario.notification()
        #expect(notification.status == .queued, sourceLocation: sourceLocation)
        #expect(notification.attempts == 0, sourceLocation: sourceLocation)
        #expect(notification.deliveredAt == nil, sourceLocation: sourceLocation)
        #expect(try scenario.notificationEvents().map(\.type) == ["notification.queued"], sourceLocation: sourceLocation)
        #expect(try scenario.leaseCount() == 0, "leased to nobody", sourceLocation: sourceLocation)
        guard report.deferred.count == 1, case let .transportRefused(answer)? = report.deferred.keys.first,
              report.deferred.values.first == 1 else {
            Issue.record("expected one notification deferred for a refusing relay: \(report.deferred)", sourceLocation: sourceLocation)
            return ""
        }
        return answer
    }

    /// Status, one attempt, an error, the event that says so, never `delivered`, and a retry time that waits.
    static func expectRecorded(_ fault: DeliveryFault, _ notification: IncidentNotification, _ scenario: OutboxScenario,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(notification.status == fault.status, "\(notification)", sourceLocation: sourceLocation)
        #expect(notification.attempts == 1, sourceLocation: sourceLocation)
        #expect(notification.lastError?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(notification.deliveredAt == nil, sourceLocation: sourceLocation)
        let types = try scenario.notificationEvents().map(\.type)
        let recorded = fault.status == .failed ? "notification.failed" : "notification.attempted"
        #expect(types == ["notification.queued", recorded], sourceLocation: sourceLocation)
        guard fault.status == .retrying else { return }
        let next = try #require(try scenario.nextAttemptAt(), sourceLocation: sourceLocation)
        let wait = next.timeIntervalSince(StoreFixture.start)
        if let retryAfter = fault.retryAfter {
            #expect(wait == retryAfter, "next_attempt_at \(RFC3339.format(next))", sourceLocation: sourceLocation)
        } else {
            #expect(wait >= RetryPolicy.baseDelay * 0.8 && wait <= RetryPolicy.baseDelay * 1.2, "waits \(wait) s", sourceLocation: sourceLocation)
        }
        #expect(try scenario.notificationEvents().last?.payload.contains("\"next_attempt_at\":\"\(RFC3339.format(next))\"") == true,
                sourceLocation: sourceLocation)
    }

    static func hook(_ url: String, caBundle: String? = nil) -> Contact {
        Contact(id: "acme-hook", name: "Acme SOC", role: "customer-admin", webhookURL: url, caBundle: caBundle)
    }

    static let mailbox = Contact(id: "acme-admin", name: "Acme admin", role: "customer-admin", email: "admin@acme.example")

    static func smtp(_ url: String) -> BreachConfiguration {
        var configuration = BreachConfiguration()
        configuration.smtp = BreachConfiguration.SMTP(url: url, from: "breach@example.org")
        configuration.smtp?.connectTimeout = 2
        configuration.smtp?.totalTimeout = 5
        return configuration
    }

    static func service(_ scenario: OutboxScenario, at time: Date) -> IncidentService {
        IncidentService(database: scenario.fixture.database, clock: FixedClock(time), actor: "breach-check", wallClock: SystemClock(),
                        rulesProvider: scenario.service.rulesProvider)
    }
}


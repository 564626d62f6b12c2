import BreachDomain
@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB
import Logging
import Testing

/// The outbox at service level: which leases hold a notification back, when it gives up, the retry schedule.
@Suite("Outbox: leases, giving up, retry schedule")
struct OutboxLeaseTests {
    let fixture: StoreFixture
    let server: TestServer
    static let notificationID = "INC-1.notify-customers.acme.webhook"

    /// INC-1 declared at hour 0 with one webhook notification to `path` on the receiver, queued at hour 1.
    init() throws {
        fixture = try StoreFixture()
        server = try TestServer(script: "webhook_server.py", directory: fixture.directory, name: "webhooks")
    }

    func queue(path: String) throws {
        let incident = try fixture.service(at: 0).detect(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil)
        try fixture.service(at: 0).execute(.declare(awareAt: nil, reason: "customer PII"), on: incident.id)
        try ContactRegistry(database: fixture.database, clock: FixedClock(StoreFixture.at(0)), actor: "alice").add([
            Contact(id: "acme", name: "Acme SOC", role: "customer-admin", webhookURL: server.url(path)),
            Contact(id: "secops", name: "On call", role: "escalation", webhookURL: server.url("/ok?to=secops")),
        ])
        try fixture.record([.notificationQueued(.object([
            ("notification_id", .string(Self.notificationID)), ("obligation_id", .string("notify-customers")),
            ("contact_id", .string("acme")), ("channel", .string("webhook")), ("destination", .string(server.url(path))),
            ("subject", .string("Incident")), ("body", .string("We had an incident.")),
        ]))], on: incident.id, at: 1)
    }

    func outbox(at hours: Double) -> NotificationOutbox {
        var configuration = BreachConfiguration()
        configuration.escalationContacts = ["secops"]
        return NotificationOutbox(service: fixture.service(at: hours, actor: "breach-check"), configuration: configuration, environment: [:])
    }

    /// A lease held by another run on `host` (this one by default), expiring `seconds` after the wall clock of `outbox(at: 2)`.
    func lease(pid: Int32, expiresIn seconds: TimeInterval, host: String = ProcessInfo.processInfo.hostName) throws {
        try fixture.database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO delivery_leases VALUES (?, ?, ?, ?)",
                           arguments: [Self.notificationID, "\(host):\(pid):another-run", Int(pid),
                                       RFC3339.format(StoreFixture.at(2).addingTimeInterval(seconds))])
        }
    }

    @Test func aLiveUnexpiredLeaseHoldsTheNotificationBack() throws {
        try queue(path: "/ok")
        // Given another live process holding the notification
        try lease(pid: getpid(), expiresIn: 300)
        // Then this run leaves it alone
        #expect(try outbox(at: 2).deliverDue().delivered.isEmpty)
        #expect(server.log().isEmpty)
    }

    @Test func aLiveSlowRunKeepsItsLeasesPastExpiryUntilAnHourLater() throws {
        try queue(path: "/ok")
        // Given a live run on this host whose lease expired ten minutes ago (a slow fan-out)
        try lease(pid: getpid(), expiresIn: -600)
        // Then its notification is not sent a second time
        #expect(try outbox(at: 2).deliverDue().delivered.isEmpty)
        // But an hour past expiry the pid may have been reused: the lease is taken over
        try lease(pid: getpid(), expiresIn: -3601)
        #expect(try outbox(at: 2).deliverDue().delivered.map(\.notification.id) == [Self.notificationID])
        #expect(try fixture.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery_leases") } == 0)
    }

    @Test func aLeaseFromAnotherHostHoldsUntilItExpires() throws {
        try queue(path: "/ok")
        try lease(pid: 1, expiresIn: 300, host: "elsewhere.invalid")
        #expect(try outbox(at: 2).deliverDue().delivered.isEmpty)
        try lease(pid: 1, expiresIn: -1, host: "elsewhere.invalid")
        #expect(try outbox(at: 2).deliverDue().delivered.map(\.notification.id) == [Self.notificationID])
    }

    @Test func aLeaseCoversTheWholeBatchAtWorstCase() {
        var configuration = BreachConfiguration()
        configuration.webhookTotalTimeout = 15
        let outbox = NotificationOutbox(service: fixture.service(at: 2), configuration: configuration, environment: [:])
        // 1,000 webhooks are 32 rounds of at most 15 s each, doubled, plus a minute.
        #expect(outbox.leaseDuration(for: 1000) == 60 + 2 * 32 * 15)
    }

    /// A slice claimed while earlier ones are still unstarted goes out after them: its leases cover both.
    @Test func aSlicesLeaseCoversTheBacklogAheadOfIt() throws {
        try queue(path: "/ok")
        var configuration = BreachConfiguration()
        configuration.webhookTotalTimeout = 15
        let service = fixture.service(at: 2, actor: "breach-check")
        let claimer = DeliveryClaimer(store: service.store, configuration: configuration,
                                      secrets: WebhookSecrets(environment: [:]), holder: "\(ProcessInfo.processInfo.hostName):1:test")
        var waiting: [String: Int] = [:]
        let slice = try claimer.claim(incidentID: nil, limit: 10, backlog: 999, now: StoreFixture.at(2), wallNow: StoreFixture.at(2),
                                      states: FoldedIncidents(), waiting: &waiting)
        #expect(slice.claimed.map(\.notification.id) == [Self.notificationID] && slice.read == 1)
        #expect(slice.cursor?.notificationID == Self.notificationID)
        let expires = try fixture.database.read { db in try String.fetchOne(db, sql: "SELECT expires_at FROM delivery_leases") }
        // 999 ahead of it and itself: 32 rounds of at most 15 s each, doubled, plus a minute.
        #expect(expires == RFC3339.format(StoreFixture.at(2).addingTimeInterval(60 + 2 * 32 * 15)))
    }

    /// A run whose lease was taken over while it sent (it ran past expiry, say) records nothing over the
    /// new holder's work and leaves the new lease alone; its own leases are released in one statement.
    @Test func anOutcomeIsRecordedOnlyUnderTheLeaseItWasSentUnder() throws {
        try queue(path: "/ok")
        let service = fixture.service(at: 2, actor: "breach-check")
        let ours = "\(ProcessInfo.processInfo.hostName):1:ours"
        let claimer = DeliveryClaimer(store: service.store, configuration: BreachConfiguration(),
                                      secrets: WebhookSecrets(environment: [:]), holder: ours)
        var waiting: [String: Int] = [:]
        let states = FoldedIncidents()
        let slice = try claimer.claim(incidentID: nil, limit: 10, now: StoreFixture.at(2), wallNow: StoreFixture.at(2),
                                      states: states, waiting: &waiting)
        #expect(slice.claimed.count == 1)
        // Another run takes the lease over.
        try lease(pid: 1, expiresIn: 300, host: "elsewhere.invalid")
        let recorder = DeliveryRecorder(service: service, configuration: BreachConfiguration(), holder: ours, logger: .silent)
        var report = NotificationOutbox.RunReport()
        let accepted = DeliveryReceipt(outcome: .delivered, receipt: "HTTP 200", httpStatus: 200)
        try recorder.record([DeliveryResult(notificationID: Self.notificationID, receipt: accepted)], incidentOf: { _ in "INC-1" },
                            states: states, now: StoreFixture.at(2), report: &report)
        #expect(report.delivered.isEmpty)
        #expect(try service.load("INC-1").notification(Self.notificationID)?.status == .queued)
        let holders = try fixture.database.read { db in try String.fetchAll(db, sql: "SELECT holder FROM delivery_leases") }
        #expect(holders == ["elsewhere.invalid:1:another-run"])
        // The store answers which of a batch's leases were this holder's, and releases only those.
        let released = try service.store.write { unit in
            try unit.releaseLeases(of: [Self.notificationID, "no-such-notification"], holder: "elsewhere.invalid:1:another-run")
        }
        #expect(released == [Self.notificationID])
        #expect(try fixture.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery_leases") } == 0)
    }

    /// Leases are taken and released in many-row statements of several shapes: every count comes back whole.
    @Test(arguments: [1, 7, 33, 300, 513])
    func aBatchOfLeasesIsReleasedExactlyWhateverItsCount(count: Int) throws {
        let ids = (0..<count).map { String(format: "n%04d", $0) }
        let service = fixture.service(at: 0)
        try service.store.write { unit in
            try unit.lease(ids, holder: "run-a", pid: 1, expiresAt: StoreFixture.at(1))
            try unit.lease(["other-1", "other-2"], holder: "run-b", pid: 2, expiresAt: StoreFixture.at(1))
        }
        #expect(try fixture.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery_leases") } == count + 2)
        // Released with ids of another run's leases and unknown ones among them: only run-a's, each named once
        let released = try service.store.write { unit in try unit.releaseLeases(of: ids + ["other-1", "unknown"], holder: "run-a") }
        #expect(released == Set(ids))
        let left = try fixture.database.read { db in try String.fetchAll(db, sql: "SELECT notification_id FROM delivery_leases ORDER BY 1") }
        #expect(left == ["other-1", "other-2"])
    }

    /// Attempt records are built for a logger that keeps them, and only then: at `warning` a failure is
    /// logged and a delivery is not.
    @Test(arguments: [("/ok", Logger.Level.info, ["delivered"]), ("/ok", .warning, []), ("/status/404", .warning, ["failed"])])
    func attemptsAreLoggedAtTheLoggersLevel(path: String, level: Logger.Level, outcomes: [String]) throws {
        try queue(path: path)
        let lines = JSONLogHandlerTests.Lines()
        var logger = Logger(label: "breach") { JSONLogHandler(label: $0, sink: { lines.append($0) }) }
        logger.logLevel = level
        let outbox = outbox(at: 2)
        outbox.logger = logger
        _ = try outbox.deliverDue()
        let attempts = try lines.all.compactMap { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }.filter { $0["message"] as? String == "delivery attempted" }
        #expect(attempts.compactMap { $0["outcome"] as? String } == outcomes)
    }

    @Test func aLeaseOfADeadProcessIsTakenOver() throws {
        try queue(path: "/ok")
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        try lease(pid: gone.processIdentifier, expiresIn: 300)
        #expect(try outbox(at: 2).deliverDue().delivered.map(\.notification.id) == [Self.notificationID])
        #expect(server.log(atLeast: 1).count == 1)
    }

    @Test func theTwelfthFailedAttemptGivesUpAndEscalatesAtOnce() throws {
        try queue(path: "/status/503")
        // Given eleven failed attempts on record
        for attempt in 1...11 {
            try fixture.record([.notificationAttempted(.object([
                ("notification_id", .string(Self.notificationID)), ("attempt", .int(Int64(attempt))), ("receipt", .string("HTTP 503")),
                ("next_attempt_at", .time(StoreFixture.at(1 + Double(attempt) / 10))),
            ]))], on: "INC-1", at: 1 + Double(attempt) / 10)
        }
        // When the twelfth attempt fails too
        let report = try outbox(at: 3).deliverDue()
        // Then it fails for good, and the escalation contact hears of it in the same run
        #expect(report.failed.map(\.notification.id) == [Self.notificationID])
        #expect(report.failed.first?.receipt.hasPrefix("gave up after 12 attempts; last: HTTP 503") == true)
        #expect(report.delivered.map(\.notification.id) == ["INC-1.escalation.failed.\(Self.notificationID).secops.webhook"])
        let incident = try fixture.service(at: 3).load("INC-1")
        #expect(incident.notifications.first { $0.id == Self.notificationID }?.status == .failed)
        #expect(incident.notifications.first { $0.id == Self.notificationID }?.attempts == 12)
    }

    @Test func retryScheduleDoublesWithBoundedJitterAndHonoursRetryAfter() {
        for attempt in 1...11 {
            let base = min(RetryPolicy.maxDelay, RetryPolicy.baseDelay * pow(2, Double(attempt - 1)))
            let delay = RetryPolicy.delay(afterAttempt: attempt, notificationID: Self.notificationID, retryAfter: nil)
            #expect(delay >= (base * 0.8).rounded(.down) && delay <= (base * 1.2).rounded(.up), "attempt \(attempt): \(delay)")
            #expect(delay == RetryPolicy.delay(afterAttempt: attempt, notificationID: Self.notificationID, retryAfter: nil))
        }
        // Retry-After lengthens the wait, never shortens it, and is capped at 6 hours
        #expect(RetryPolicy.delay(afterAttempt: 1, notificationID: "n", retryAfter: 900) == 900)
        #expect(RetryPolicy.delay(afterAttempt: 1, notificationID: "n", retryAfter: 1) >= 48)
        #expect(RetryPolicy.delay(afterAttempt: 1, notificationID: "n", retryAfter: 86_400) == 21_600)
    }
}

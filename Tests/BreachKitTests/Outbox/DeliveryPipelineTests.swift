@testable import BreachKit
import BreachDomain
import BreachTestSupport
import Foundation
import Testing

/// The outbox sends a claimed batch on threads of its own while the calling thread records the outcomes
/// (`DeliveryPipeline`): webhooks stream through one connection cache from the first to the last, and no
/// more than `NotificationOutbox.unrecordedWindow` are ever started and not yet recorded.
@Suite struct DeliveryPipelineTests {
    /// A declared incident linked to `recipients` webhook contacts at `path` of `server`, queued.
    ///
    /// Contact `c00042` is the 42nd in due order; `secretRef` gives each its webhook secret reference.
    private func queued(_ recipients: Int, path: String = "/ok", server: TestServer, secretRef: (Int) -> String? = { _ in nil })
        throws -> (service: IncidentService, outbox: NotificationOutbox, id: String) {
        let fixture = try StoreFixture()
        let rules = CatalogRulesProvider(catalog: try PlaybookCatalog.load(directory: OutboxScenario.playbooks))
        let service = IncidentService(database: fixture.database, clock: FixedClock(StoreFixture.at(0)), actor: "tester",
                                      wallClock: SystemClock(), rulesProvider: rules)
        let contacts = (1...recipients).map {
            Contact(id: String(format: "c%05d", $0), name: "Customer \($0)", role: "customer-admin", webhookURL: server.url(path),
                    webhookSecretRef: secretRef($0))
        }
        try ContactRegistry(database: fixture.database, clock: FixedClock(StoreFixture.at(0)), actor: "tester").add(contacts)
        let id = try service.detect(title: "Leak", kind: "data-breach", severity: .high, summary: nil).id
        _ = try service.affect(id, contactIDs: contacts.map(\.id), tag: nil)
        _ = try service.execute(.declare(awareAt: StoreFixture.at(0), reason: nil), on: id)
        let outbox = NotificationOutbox(service: service, configuration: BreachConfiguration(), environment: [:])
        #expect(try outbox.queue(incidentID: id, obligationID: "customer-admins").notifications.count == recipients)
        return (service, outbox, id)
    }

    /// A receiver, and an audience that fills the first chunk and the window with 200 to spare.
    private func receiverPastTheWindow(_ label: String) throws -> (directory: TestDirectory, server: TestServer, recipients: Int) {
        let directory = try TestDirectory(label)
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        return (directory, server, NotificationOutbox.recordingChunk + NotificationOutbox.unrecordedWindow + 200)
    }

    /// Each chunk of 128 used to get a multi handle of its own, so every chunk opened its connections anew
    /// and drained them to none in flight before the next started.
    @Test func aBatchGoesOutOverOneConnectionCache() throws {
        let directory = try TestDirectory("pipeline-connections")
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        let recipients = NotificationOutbox.recordingChunk * 3 + 20
        let (service, outbox, id) = try queued(recipients, path: "/keep-alive", server: server)
        let report = try outbox.deliverDue(incidentID: id)
        #expect(report.delivered.count == recipients)
        // Outcomes come back as transfers end; the report keeps the claim's order (due time, then id).
        let reported = report.delivered.map(\.notification.id)
        #expect(reported == reported.sorted(), "report lines out of claim order")
        let log = server.log(atLeast: recipients)
        #expect(log.count == recipients)
        let connections = Set(log.compactMap { ($0["peer"] as? [Any])?.last as? Int })
        #expect(!connections.isEmpty && connections.count <= WebhookSender.defaultMaxConcurrent,
                "\(connections.count) connections for \(recipients) webhooks")
        #expect(try service.verify().isIntact)
    }

    /// While a recorded chunk is being reported (a slow recorder), the sending goes on up to the window
    /// and no further: more than the next chunk is on its way, never more than the window unrecorded.
    @Test func sendingOverlapsRecordingUpToTheWindow() throws {
        let (directory, server, recipients) = try receiverPastTheWindow("pipeline-window")
        defer { withExtendedLifetime(directory) {} }
        let chunk = NotificationOutbox.recordingChunk, window = NotificationOutbox.unrecordedWindow
        let (service, outbox, id) = try queued(recipients, server: server)
        let seen = ProgressLog()
        let receivedDuringFirst = Locked<Int?>(nil)
        outbox.progress = { progress in
            seen.append(progress)
            guard seen.all.count == 1 else { return }
            // The first chunk is recorded; hold the recording thread while the senders run on.
            Thread.sleep(forTimeInterval: 1.0)
            let count = server.log().count
            receivedDuringFirst.mutate { $0 = count }
        }
        let report = try outbox.deliverDue(incidentID: id)
        #expect(report.delivered.count == recipients)
        #expect(seen.all.first?.delivered == chunk)
        let received = try #require(receivedDuringFirst.value)
        #expect(received > 2 * chunk, "only \(received) sent while the first chunk was recorded: sending waited for recording")
        #expect(received <= chunk + window, "\(received) sent with only \(chunk) recorded: past the window of \(window)")
        #expect(server.log(atLeast: recipients).count == recipients)
        #expect(try service.verify().isIntact)
    }

    /// The time budget stops new transfers, not the ones on the wire: every notification is either
    /// recorded or released unspent, none is left leased.
    @Test func aBudgetUsedMidStreamReleasesWhatWasNotStarted() throws {
        let directory = try TestDirectory("pipeline-budget")
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        let recipients = 200
        let (service, outbox, id) = try queued(recipients, path: "/sleep/0.2", server: server)
        let report = try outbox.deliverDue(incidentID: id, maxSeconds: 0.5)
        let deferred = report.deferred[.timeBudget] ?? 0
        #expect(report.delivered.count > 0 && deferred > 0, "delivered \(report.delivered.count), deferred \(deferred)")
        #expect(report.delivered.count + deferred == recipients)
        let incident = try service.load(id)
        #expect(incident.notifications.filter { $0.status == .delivered }.count == report.delivered.count)
        #expect(incident.notifications.filter { $0.status == .queued }.allSatisfy { $0.attempts == 0 })
        let leased = try service.store.read { reader in
            try reader.dueNotifications(by: StoreFixture.at(0).addingTimeInterval(60), incidentID: id, limit: 10_000)
        }.filter { $0.lease != nil }
        #expect(leased.isEmpty, "\(leased.count) notifications still leased")
        #expect(server.log(atLeast: report.delivered.count).count == report.delivered.count)
    }

    /// A budget that runs out while the sender waits for the recorder (the window full) starts nothing more
    /// once the recorder makes room: every request the receiver got was started within the budget.
    @Test func aBudgetThatRunsOutWhileTheWindowIsFullStartsNothingMore() throws {
        let (directory, server, recipients) = try receiverPastTheWindow("pipeline-budget-window")
        defer { withExtendedLifetime(directory) {} }
        let chunk = NotificationOutbox.recordingChunk, window = NotificationOutbox.unrecordedWindow
        let (service, outbox, id) = try queued(recipients, server: server)
        let calls = Locked(0)
        outbox.progress = { _ in
            calls.mutate { $0 += 1 }
            // The first chunk recorded, the recorder holds on past the budget while the sender fills the window
            // and waits for room.
            if calls.value == 1 { Thread.sleep(forTimeInterval: 2.0) }
        }
        let report = try outbox.deliverDue(incidentID: id, maxSeconds: 1.0)
        let deferred = report.deferred[.timeBudget] ?? 0
        #expect(report.delivered.count + deferred == recipients)
        // With the window full before the budget ran out (nearly always: it fills in well under a second),
        // a sender that started one more once room was made would deliver chunk + window + 1.
        #expect(report.delivered.count > chunk && report.delivered.count <= chunk + window,
                "delivered \(report.delivered.count) with \(chunk) recorded and a window of \(window)")
        #expect(server.log(atLeast: report.delivered.count).count == report.delivered.count)
        #expect(try service.load(id).notifications.filter { $0.status == .queued }.allSatisfy { $0.attempts == 0 })
    }

    /// A round claims a small first slice and sends it while it claims the next ones: when the first request
    /// arrives, most of the audience is not yet claimed (it all was, before the first request went out).
    @Test func theFirstRequestsGoOutBeforeTheWholeAudienceIsClaimed() throws {
        let directory = try TestDirectory("pipeline-slices")
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        // More than the first two slices (256 + 2,048), fewer than a round (10,000).
        let recipients = 3_000
        let (service, outbox, id) = try queued(recipients, path: "/keep-alive", server: server)
        let run = Locked<Result<NotificationOutbox.RunReport, any Error>?>(nil)
        let thread = Thread { run.mutate { $0 = Result { try outbox.deliverDue(incidentID: id) } } }
        thread.start()
        let deadline = Date().addingTimeInterval(30)
        while server.log().isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
        // Leased now, or already recorded: every notification claimed so far (read in that order, a
        // lease released by recording in between is counted as recorded).
        let leased = try service.store.read { reader in
            try reader.dueNotifications(by: StoreFixture.at(1), incidentID: id, limit: 10_000)
        }.filter { $0.lease != nil }.count
        let recorded = try service.load(id).notifications.filter { $0.attempts > 0 || $0.status != .queued }.count
        #expect(leased + recorded < recipients, "\(leased) leased and \(recorded) recorded of \(recipients) at the first request")
        while run.value == nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let report = try #require(run.value).get()
        #expect(report.delivered.count == recipients)
        let reported = report.delivered.map(\.notification.id)
        #expect(reported == reported.sorted(), "report lines out of claim order across slices")
        #expect(server.log(atLeast: recipients).count == recipients)
        #expect(try service.verify().isIntact)
    }

    /// A slice that reads only notifications waiting for a credential claims none of them, and the next
    /// slice reads on past them: each is counted as waiting once, and the ones after them are sent.
    @Test func slicesReadOnPastWhatWaitsForACredential() throws {
        let directory = try TestDirectory("pipeline-waiting")
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        let waiting = NotificationOutbox.firstClaim + 10, sendable = 40
        let (service, outbox, id) = try queued(waiting + sendable, server: server) { $0 <= waiting ? "env:BREACH_TEST_UNSET_SECRET" : nil }
        let report = try outbox.deliverDue(incidentID: id)
        #expect(report.waitingForTransport == waiting, "\(report.waiting)")
        #expect(report.delivered.count == sendable)
        #expect(server.log(atLeast: sendable).count == sendable)
        let pending = try service.load(id).notifications.filter { $0.status == .queued }
        #expect(pending.count == waiting && pending.allSatisfy { $0.attempts == 0 })
    }

    /// A run resolves each secret reference once: a secret file removed after the first look-up is not read again.
    @Test func secretsAreResolvedOncePerRun() throws {
        let directory = try TestDirectory("pipeline-secrets")
        let file = directory.url.appendingPathComponent("hook.secret")
        try Data("s3cret\n".utf8).write(to: file)
        chmod(file.path, 0o600)
        let secrets = WebhookSecrets(environment: ["HOOK": "from-env"])
        #expect(try secrets.resolve("file:\(file.path)").get() == "s3cret")
        #expect(try secrets.resolve("env:HOOK").get() == "from-env")
        try FileManager.default.removeItem(at: file)
        #expect(try secrets.resolve("file:\(file.path)").get() == "s3cret", "read again within the run")
        guard case .failure = WebhookSecrets(environment: [:]).resolve("file:\(file.path)") else {
            Issue.record("a new run must read the file again")
            return
        }
        guard case .failure = secrets.resolve("env:MISSING") else {
            Issue.record("a missing variable must fail")
            return
        }
    }
}

import BreachDomain
import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// Two checkers at once, and a checker killed mid-fan-out: nothing sent twice without its key, nothing lost.
@Suite("Delivery: overlapping and killed checkers")
struct OverlapTests {
    typealias S = DeliveryScenario

    /// INC-1 declared with `count` customer-admin webhook contacts on `path`, and their notifications queued, not attempted
    /// (as `notify` leaves them when it dies right after queueing). Returns the notification ids.
    func queued(_ count: Int, path: String, backend: BreachCLI.Backend = .sqlite) throws -> (DeliveryScenario, Set<String>) {
        let s = try DeliveryScenario(backend: backend)
        try s.configure(escalation: [])
        var csv = "id,name,role,tags,email,webhook_url,webhook_secret,webhook_format\n"
        for index in 1...count {
            csv += "hook-\(index),Customer \(index),customer-admin,customer:many,,\(s.webhooks.url(path)),env:\(S.secretVariable),generic\n"
        }
        try csv.write(toFile: s.cli.directory.path("contacts.csv"), atomically: true, encoding: .utf8)
        try s.cli.succeed("contact", "import", s.cli.directory.path("contacts.csv"))
        let id = try s.cli.detect()
        try s.cli.succeed("affect", id, "--tag", "customer:many")
        try s.cli.succeed("declare", id, "--reason", "customer PII exposed")
        let service = IncidentService(store: try BreachStores.open(s.cli.databasePath),
                                      clock: FixedClock(RFC3339.parse(S.at(1))!), actor: s.cli.actor)
        let queued = try NotificationOutbox(service: service, configuration: BreachConfiguration(), environment: [:])
            .queue(incidentID: id, obligationID: "customer-admins").notifications
        #expect(queued.count == count)
        return (s, Set(queued.map(\.id)))
    }

    /// The notification ids `show --json` lists as delivered.
    func delivered(_ s: DeliveryScenario) throws -> Set<String> {
        let all = try #require(try s.incident(now: S.at(2))["notifications"] as? [[String: Any]])
        return Set(all.filter { $0["status"] as? String == "delivered" }.compactMap { $0["id"] as? String })
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func twoChecksAtOnceSendEveryKeyExactlyOnce(backend: BreachCLI.Backend) throws {
        let (s, ids) = try queued(200, path: "/sleep/0.05", backend: backend)
        // When two checkers start at the same moment
        let first = try s.cli.start(["check", "--json"], now: S.at(1.1))
        let second = try s.cli.start(["check", "--json"], now: S.at(1.1))
        let outputs = [try first.wait(), try second.wait()]
        for output in outputs { #expect(output.status == 0, "\(output)") }
        // Then every Idempotency-Key arrived exactly once, and every notification is delivered
        let keys = s.requests().compactMap { header("Idempotency-Key", of: $0) }
        #expect(keys.count == 200)
        #expect(Set(keys) == ids)
        #expect(try delivered(s) == ids)
        // And both did part of the work (they overlapped) or one found it all claimed; together exactly all of it
        let counts = try outputs.map { (try $0.object()["delivered"] as? [Any])?.count ?? -1 }
        #expect(counts.reduce(0, +) == 200, "\(counts)")
        #expect(try s.count(of: "notification.delivered") == 200)
        try s.expectVerifies()
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func checkKilledMidFanOutLosesNothing(backend: BreachCLI.Backend) throws {
        let (s, ids) = try queued(20, path: "/sleep/2", backend: backend)
        // Given a checker killed while its requests are in flight
        let doomed = try s.cli.start(["check"], now: S.at(1.1))
        _ = s.webhooks.log(atLeast: 20)
        Thread.sleep(forTimeInterval: 0.3)
        doomed.kill()
        #expect(try doomed.wait().status != 0)
        #expect(try delivered(s).isEmpty, "nothing may be marked delivered by a run that never saw the answers")
        // When the checker runs again
        let again = try s.cli.run("check", now: S.at(1.2))
        #expect(again.status == 0, "\(again)")
        // Then every notification is delivered, each one the receiver got, duplicates only under the same key
        #expect(try delivered(s) == ids)
        let keys = s.requests().compactMap { header("Idempotency-Key", of: $0) }
        #expect(Set(keys) == ids)
        #expect(keys.count <= 2 * ids.count)
        #expect(s.requests().allSatisfy { $0["signature_valid"] as? Bool == true })
        try s.expectVerifies()
    }

    /// Outcomes are recorded a chunk at a time while the next ones are sent, and no more than
    /// `NotificationOutbox.unrecordedWindow` are ever started and not recorded: that bounds a kill's re-sends.
    @Test func aKilledCheckReSendsAtMostTheUnrecordedWindow() throws {
        // Given 300 queued webhooks, answered in 0.1 s each: three recording chunks of 128/128/44
        let (s, ids) = try queued(300, path: "/sleep/0.1")
        let doomed = try s.cli.start(["check"], now: S.at(1.1))
        // When the checker is killed after its first chunk is recorded, mid-way through the second
        let deadline = Date().addingTimeInterval(60)
        while try s.count(of: "notification.delivered") < NotificationOutbox.recordingChunk, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        _ = s.webhooks.log(atLeast: NotificationOutbox.recordingChunk + 40)
        doomed.kill()
        _ = try doomed.wait()
        #expect(try s.count(of: "notification.delivered") == NotificationOutbox.recordingChunk, "the first chunk was recorded before the kill")
        // Then the next run delivers the rest, re-sending only what the killed chunk had in flight
        #expect(try s.cli.run("check", now: S.at(1.2)).status == 0)
        #expect(try delivered(s) == ids)
        let keys = s.requests().compactMap { header("Idempotency-Key", of: $0) }
        #expect(Set(keys) == ids)
        #expect(keys.count - ids.count <= NotificationOutbox.unrecordedWindow, "re-sent \(keys.count - ids.count)")
        try s.expectVerifies()
    }
}

import BreachDomain
import Foundation
import Testing

/// Issue 18 (high): a removed contact never receives its pending notification, and nothing meant to be
/// signed is ever sent unsigned.
@Suite("Security: a removed contact's pending notifications are cancelled")
struct RemovedContactTests {
    typealias S = DeliveryScenario
    static let acme = "INC-1.customer-admins.acme-hook.webhook"
    static let gamma = "INC-1.customer-admins.gamma-hook.webhook"
    /// Without the secret in the environment, signed webhooks stay queued (the state the review started from).
    static let noSecret = [S.secretVariable: ""]

    /// INC-1 declared with three customer-admin webhooks: acme and gamma signed, beta unsigned.
    func scenario() throws -> DeliveryScenario {
        let s = try DeliveryScenario()
        try s.configure()
        try s.addEscalationContact()
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok?to=acme"))
        try s.addWebhookContact("beta-hook", role: "customer-admin", url: s.webhooks.url("/ok?to=beta"), secret: nil)
        try s.addWebhookContact("gamma-hook", role: "customer-admin", url: s.webhooks.url("/ok?to=gamma"))
        try s.declare(affecting: ["acme-hook", "beta-hook", "gamma-hook"])
        return s
    }

    @Test func removingAContactCancelsItsQueuedNotificationWithAnEvent() throws {
        let s = try scenario()
        // Given the signed notifications queued while their secret is unavailable, the unsigned one delivered
        let notify = try s.cli.run(["notify", "INC-1", "--obligation", "customer-admins"], now: S.at(1), environment: Self.noSecret)
        #expect(notify.status == 0, "\(notify)")
        #expect(try s.notification(Self.acme, now: S.at(1))["status"] as? String == "queued")
        #expect(try s.obligation("customer-admins", now: S.at(1))["left_to_notify"] as? [String] == ["acme-hook", "gamma-hook"])
        // When acme is removed
        let removal = try s.cli.succeed("contact", "remove", "acme-hook", "--reason", "left Acme", now: S.at(2))
        // Then its pending notification is cancelled, by an event the timeline shows
        #expect(removal.stdout.contains("cancelled \(Self.acme) (INC-1)"), "\(removal)")
        #expect(try s.count(of: "notification.cancelled") == 1)
        let notification = try s.notification(Self.acme, now: S.at(2))
        #expect(notification["status"] as? String == "cancelled")
        #expect(notification["cancelled_at"] as? String == S.at(2))
        let timeline = try s.cli.succeed("timeline", "INC-1", now: S.at(2)).stdout
        #expect(timeline.contains("cancelled \(Self.acme): contact acme-hook was removed: left Acme"), "\(timeline)")
        // And the obligation shows who is left
        #expect(try s.obligation("customer-admins", now: S.at(2))["left_to_notify"] as? [String] == ["gamma-hook"])
        let show = try s.cli.succeed("show", "INC-1", now: S.at(2)).stdout
        #expect(show.contains("left to notify: gamma-hook"), "\(show)")
        // When check runs with the secret back
        let check = try s.cli.run("check", now: S.at(3))
        #expect(check.status == 0, "\(check)")
        // Then gamma got its signed webhook, acme nothing, and the obligation is met
        #expect(s.requests(to: "/ok?to=acme").isEmpty, "\(s.requests())")
        let gamma = s.requests(to: "/ok?to=gamma")
        #expect(gamma.count == 1 && gamma.allSatisfy { $0["signature_valid"] as? Bool == true }, "\(gamma)")
        let obligation = try s.obligation("customer-admins", now: S.at(3))
        #expect(obligation["status"] as? String == "met")
        #expect(obligation["met_at"] as? String == S.at(3))
        try s.expectVerifies()
        // And a rebuild folds the cancellation to the same read models
        try s.cli.succeed("rebuild", now: S.at(3))
        try s.expectVerifies()
    }

    @Test func cancellingTheLastOneOwedMeetsTheObligationAsOfTheLastDelivery() throws {
        let s = try scenario()
        try s.cli.succeed("contact", "remove", "gamma-hook", now: S.at(0.5))
        _ = try s.cli.run(["notify", "INC-1", "--obligation", "customer-admins"], now: S.at(1), environment: Self.noSecret)
        // beta was delivered at T+1; acme waits for its secret. Removing acme leaves nobody owed.
        try s.cli.succeed("contact", "remove", "acme-hook", now: S.at(5))
        let obligation = try s.obligation("customer-admins", now: S.at(5))
        #expect(obligation["status"] as? String == "met")
        #expect(obligation["met_at"] as? String == S.at(1))
        #expect(s.requests(to: "/ok?to=acme").isEmpty)
        try s.expectVerifies()
    }

    @Test func aContactAddedAgainGetsAFreshNotification() throws {
        let s = try scenario()
        _ = try s.cli.run(["notify", "INC-1", "--obligation", "customer-admins"], now: S.at(1), environment: Self.noSecret)
        try s.cli.succeed("contact", "remove", "acme-hook", now: S.at(2))
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok?to=acme2"))
        let notify = try s.cli.run("notify", "INC-1", "--obligation", "customer-admins", now: S.at(3))
        #expect(notify.status == 0, "\(notify)")
        #expect(try s.notification(Self.acme + ".2", now: S.at(3))["status"] as? String == "delivered")
        #expect(s.requests(to: "/ok?to=acme2").first?["signature_valid"] as? Bool == true)
        #expect(s.requests(to: "/ok?to=acme").isEmpty)
    }

    @Test func aContactGoneBehindTheRegistrysBackIsNeverSentTo() throws {
        // Given a pending signed notification whose contact row vanished without a cancellation (a database
        // from before this fix, or a race with the claim)
        let s = try scenario()
        _ = try s.cli.run(["notify", "INC-1", "--obligation", "customer-admins"], now: S.at(1), environment: Self.noSecret)
        try s.cli.sqlite("DELETE FROM contacts WHERE id = 'acme-hook';")
        // When check runs with every secret available
        _ = try s.cli.run("check", now: S.at(2))
        // Then nothing went to acme's address, signed or not, and the notification is not delivered
        #expect(s.requests(to: "/ok?to=acme").isEmpty, "\(s.requests())")
        let notification = try s.notification(Self.acme, now: S.at(2))
        #expect(notification["status"] as? String != "delivered")
        #expect((notification["last_error"] as? String)?.contains("no longer in the registry") == true, "\(notification)")
        // And every request that did go out to a contact with a secret was signed
        for request in s.requests() where (request["path"] as? String) != "/ok?to=beta" {
            #expect(request["signature_valid"] as? Bool == true, "\(request)")
        }
    }
}

import Foundation
import Testing

/// Issue 18: an empty or world-readable secret file never signs anything; the notification waits, loudly.
@Suite("Security: webhook secret files")
struct SecretFileTests {
    typealias S = DeliveryScenario

    @Test(arguments: [("", 0o600, "is empty"), ("real-secret\n", 0o644, "readable by group or others")])
    func anUnusableSecretFileLeavesTheNotificationQueued(contents: String, mode: Int, problem: String) throws {
        let s = try DeliveryScenario()
        try s.configure(escalation: [])
        let path = s.cli.directory.path("hook.secret")
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok"), secret: "file:" + path)
        try s.declare(affecting: ["acme-hook"])
        // When notified and checked
        let notify = try s.cli.run("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        #expect(notify.stderr.contains(problem), "\(notify)")
        let check = try s.cli.run("check", now: S.at(2))
        // Then nothing was sent, the notification waits, and check says why with status 3
        #expect(s.requests().isEmpty, "\(s.requests())")
        #expect(try s.notification("INC-1.customer-admins.acme-hook.webhook", now: S.at(2))["status"] as? String == "queued")
        #expect(check.status == 3, "\(check)")
        #expect(check.stderr.contains(problem), "\(check)")
    }
}

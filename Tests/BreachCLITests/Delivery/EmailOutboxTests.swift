import BreachDomain
import BreachTestSupport
import Foundation
import Testing

/// `breach notify` and `breach check` delivering email through the outbox to a real aiosmtpd on 127.0.0.1.
@Suite("Delivery: email through the outbox, end to end")
struct EmailOutboxTests {
    typealias S = DeliveryScenario
    static let authorityEmail = "INC-1.data-protection-authorities.cnil.email"
    static let subjectsEmail = "INC-1.data-subjects.subjects.email"

    /// INC-1 declared at T with the authority `cnil` and the data subjects' list affected (email), `secops` for escalations,
    /// and an SMTP server started with `serverArguments`, configured with `smtp` settings added to its url and sender.
    func scenario(serverArguments: [String] = [], smtp: [String: String] = [:], url: ((Int) -> String)? = nil) throws -> (DeliveryScenario, TestServer) {
        let s = try DeliveryScenario()
        let server = try TestServer(script: "smtp_server.py", arguments: serverArguments, directory: s.cli.directory, name: "smtp")
        let settings = ["url": url?(server.port) ?? "smtp://127.0.0.1:\(server.port)", "from": "breach@breach.example"].merging(smtp) { $1 }
        try s.configure(smtp: settings)
        try s.addEscalationContact()
        try s.addEmailContact("cnil", role: "authority", email: "notifications@cnil.example")
        try s.addEmailContact("subjects", role: "data-subject", email: "affected-users@acme.example")
        try s.declare(affecting: ["cnil", "subjects"])
        return (s, server)
    }

    @Test func emailsAreRenderedFromThePlaybookAndAccepted() throws {
        let (s, server) = try scenario()
        // When both email obligations are notified
        let output = try s.cli.run("notify", "INC-1", now: S.at(1))
        #expect(output.status == 0, "\(output)")
        #expect(output.stderrLines.count == 1 && output.stderr.contains("no contact can receive customer-admins"), "\(output)")
        #expect(output.stdout.contains("delivered \(Self.authorityEmail): 250"), "\(output)")
        #expect(output.stdout.contains("delivered \(Self.subjectsEmail): 250"), "\(output)")
        // Then the server received both messages, over the transport's parallel connections (at most one each)
        let messages = server.log(atLeast: 2)
        try #require(messages.count == 2, "\(messages)")
        #expect((1...2).contains(Set(messages.compactMap { $0["connection"] as? Int }).count))
        let authority = try #require(messages.first { ($0["rcpt_tos"] as? [String]) == ["notifications@cnil.example"] }, "\(messages)")
        #expect(authority["mail_from"] as? String == "breach@breach.example")
        let data = try #require(authority["data"] as? String)
        for line in ["From: breach@breach.example", "To: notifications@cnil.example",
                     "Subject: Personal data breach notification INC-1: Leaked S3 bucket",
                     "Message-ID: <\(Self.authorityEmail)@breach.example>", "Date: Sat, 28 Nov 2026 10:00:00 +0000",
                     "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"] {
            #expect(data.contains("\r\n\(line)\r\n") || data.hasPrefix("\(line)\r\n"), "missing \(line) in \(data)")
        }
        let body = try #require(data.range(of: "\r\n\r\n").map { String(data[$0.upperBound...]) })
        #expect(body.hasPrefix("To Contact cnil,\r\n\r\nWe notify a personal data breach.\r\n\r\nReference: INC-1\r\n"), "\(body)")
        #expect(body.contains("Declared: 2026-11-28T09:00:00Z"))
        let subjects = try #require(messages.first { ($0["rcpt_tos"] as? [String]) == ["affected-users@acme.example"] })
        #expect((subjects["data"] as? String)?.contains("\r\nSubject: Important notice about your personal data\r\n") == true)
        // And both obligations are met, with the SMTP reply on record
        for id in ["data-protection-authorities", "data-subjects"] {
            #expect(try s.obligation(id, now: S.at(1))["status"] as? String == "met")
        }
        #expect(try s.receipts(of: Self.authorityEmail) == ["250 2.0.0 OK: queued"])
        try s.expectVerifies()
    }

    @Test func withoutSMTPEmailsStayQueuedAndTheCheckerFails() throws {
        let s = try DeliveryScenario()
        try s.configure()
        try s.addEmailContact("cnil", role: "authority", email: "notifications@cnil.example")
        try s.declare(affecting: ["cnil"])
        // When notified without an SMTP transport
        let notify = try s.cli.run("notify", "INC-1", "--obligation", "data-protection-authorities", now: S.at(1))
        #expect(notify.status == 0, "\(notify)")
        #expect(notify.stderrLines == ["warning: 1 email notification(s) stay queued: no SMTP transport is configured (smtp: in breach.yml)"])
        // Then the notification stays queued, and every check fails loudly while it is due
        for hours in [2.0, 30] {
            let check = try s.cli.run("check", "--json", now: S.at(hours))
            #expect(check.status == 3, "\(check)")
            #expect(check.stderr.contains("no SMTP transport is configured"), "\(check)")
            #expect((try check.object()["delivered"] as? [Any])?.isEmpty == true)
        }
        let notification = try s.notification(Self.authorityEmail, now: S.at(30))
        #expect(notification["status"] as? String == "queued")
        #expect(notification["attempts"] as? Int == 0)
        #expect(notification["delivered_at"] is NSNull)
        #expect(try s.count(of: "notification.delivered") == 0)
        #expect(try s.obligation("data-protection-authorities", now: S.at(30))["met_at"] is NSNull)
    }

    @Test func temporaryRejectionRetriesAndPermanentRejectionEscalates() throws {
        // 450: this mailbox is busy — about the message, not the relay (421/451/452 back the transport off instead)
        let (s, server) = try scenario(serverArguments: ["--replies", "450,550"])
        // When the first attempt gets 450, it waits for a retry
        let output = try s.cli.succeed("notify", "INC-1", "--obligation", "data-protection-authorities", now: S.at(1))
        #expect(output.stdout.contains("will retry \(Self.authorityEmail): 450"), "\(output)")
        let waiting = try s.notification(Self.authorityEmail, now: S.at(1))
        #expect(waiting["status"] as? String == "retrying")
        // When the retry gets 550, it fails permanently and the escalation contact is alerted
        let check = try s.cli.run("check", now: try #require(waiting["next_attempt_at"] as? String))
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("FAILED: \(Self.authorityEmail)"), "\(check)")
        #expect(try s.notification(Self.authorityEmail, now: S.at(2))["status"] as? String == "failed")
        let alerts = s.requests(to: S.escalationPath)
        #expect(alerts.compactMap { header("Idempotency-Key", of: $0) } == ["INC-1.escalation.failed.\(Self.authorityEmail).secops.webhook"])
        #expect(try s.receipts(of: Self.authorityEmail).map { String($0.prefix(3)) } == ["450", "550"])
        // And no later check sends it again
        _ = try s.cli.run("check", now: S.at(20))
        #expect(server.log().count == 2)
        #expect(try s.count(of: "notification.delivered") == 1)
    }

    @Test func startTLSAndAuthThroughTheConfigurationWithACABundle() throws {
        let directory = try TemporaryDirectory("smtp-tls")
        let certificate = try TestCertificate(in: directory)
        let tls = ["--starttls", "--cert", certificate.certPath, "--key", certificate.keyPath, "--auth", "breach:smtp-pass"]
        // Given a server that requires STARTTLS and AUTH, with a certificate only the configured CA bundle trusts
        let (s, server) = try scenario(serverArguments: tls, smtp: [
            "starttls": "true", "username": "breach", "password_env": "BREACH_SMTP_PASSWORD", "ca_bundle": certificate.certPath,
        ])
        // When notified with the password in the named variable
        let notify = try s.cli.run(["notify", "INC-1", "--obligation", "data-protection-authorities"], now: S.at(1),
                                   environment: ["BREACH_SMTP_PASSWORD": "smtp-pass"])
        #expect(notify.status == 0 && notify.stderr.isEmpty, "\(notify)")
        // Then the message went over TLS, authenticated
        let messages = server.log(atLeast: 1)
        #expect(messages.count == 1)
        #expect(messages.first?["tls"] as? Bool == true)
        #expect(messages.first?["auth"] as? String == "breach")
        #expect(try s.notification(Self.authorityEmail, now: S.at(1))["status"] as? String == "delivered")
        // And the password is nowhere in the log
        #expect(try s.cli.sqlite("SELECT COUNT(*) FROM events WHERE payload LIKE '%smtp-pass%'").stdout == "0\n")
    }

    @Test func untrustedCertificateIsNotDelivered() throws {
        let directory = try TemporaryDirectory("smtp-tls")
        let certificate = try TestCertificate(in: directory)
        let (s, server) = try scenario(serverArguments: ["--starttls", "--cert", certificate.certPath, "--key", certificate.keyPath],
                                       smtp: ["starttls": "true"])
        let output = try s.cli.succeed("notify", "INC-1", "--obligation", "data-protection-authorities", now: S.at(1))
        #expect(output.stdout.contains("FAILED \(Self.authorityEmail): TLS verification failed"), "\(output)")
        #expect(server.log().isEmpty)
        #expect(try s.notification(Self.authorityEmail, now: S.at(1))["status"] as? String == "failed")
    }
}

import BreachKit
import Foundation
import Testing

/// SMTP delivery against a real aiosmtpd server on 127.0.0.1.
@Suite("SMTP delivery")
struct SMTPSenderTests {
    let date = Date(timeIntervalSince1970: 1_700_000_000)

    func email(_ id: String, to: [String] = ["dpo@example.com"], body: String = "Incident INC-1 exposed customer data.\n") throws -> OutgoingEmail {
        try OutgoingEmail(EmailMessage(
            id: id, from: "alerts@breach.example", to: to, subject: "Notification \(id)", body: body, date: date))
    }

    func settings(_ server: TestServer, scheme: String = "smtp", startTLS: Bool = false, ca: String? = nil,
                  username: String? = nil, password: String? = nil) -> SMTPSettings {
        SMTPSettings(
            url: "\(scheme)://127.0.0.1:\(server.port)", requireStartTLS: startTLS, username: username, password: password,
            from: "alerts@breach.example", caBundlePath: ca, connectTimeout: 5, totalTimeout: 15)
    }

    @Test func deliversWithEnvelopeHeadersAndBody() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", directory: dir)
        let body = "Dear DPO,\n.\n.hidden line starts with a dot\nRegards\n"
        let outgoing = try email("NTF-1", to: ["dpo@example.com", "legal@example.com"], body: body)
        let receipts = try SMTPSender(settings: settings(server)).send([outgoing])
        let receipt = try #require(receipts["NTF-1"])
        #expect(receipt.outcome == .delivered)
        #expect(receipt.smtpCode == 250)
        #expect(receipt.receipt == "250 2.0.0 OK: queued")
        #expect(receipt.curlCode == nil)

        let log = server.log(atLeast: 1)
        try #require(log.count == 1)
        #expect(log[0]["mail_from"] as? String == "alerts@breach.example")
        #expect(log[0]["rcpt_tos"] as? [String] == ["dpo@example.com", "legal@example.com"])
        let data = try #require(log[0]["data"] as? String)
        // What the server got (after un-stuffing) is exactly what we rendered: libcurl's
        // dot-stuffing is not doubled and lines starting with "." survive.
        #expect(data == String(decoding: outgoing.data, as: UTF8.self))
        #expect(data.contains("\r\n.\r\n.hidden line starts with a dot\r\n"))
        #expect(data.contains("Message-ID: <NTF-1@breach.example>\r\n"))
        #expect(data.contains("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"))
        #expect(data.contains("Subject: Notification NTF-1\r\n"))
    }

    @Test func severalMessagesShareOneConnection() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", directory: dir)
        let emails = try (1...5).map { try email("NTF-\($0)") }
        let receipts = try SMTPSender(settings: settings(server)).send(emails)
        #expect(receipts.count == 5)
        #expect(receipts.values.allSatisfy { $0.outcome == .delivered })
        let log = server.log(atLeast: 5)
        #expect(log.count == 5)
        let connections = Set(log.compactMap { $0["connection"] as? Int })
        #expect(connections.count == 1)
    }

    @Test func temporaryRejectionIsRetriedAndPermanentRejectionFails() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", arguments: ["--replies", "451,550,250"], directory: dir)
        let receipts = try SMTPSender(settings: settings(server)).send([email("a"), email("b"), email("c")])
        #expect(receipts["a"]?.outcome == .retry)
        #expect(receipts["a"]?.smtpCode == 451)
        #expect(receipts["a"]?.receipt == "451 4.3.0 Temporary failure, try again later")
        #expect(receipts["b"]?.outcome == .failed)
        #expect(receipts["b"]?.smtpCode == 550)
        #expect(receipts["b"]?.receipt == "550 5.1.1 Mailbox unavailable")
        #expect(receipts["c"]?.outcome == .delivered)
        #expect(receipts["c"]?.smtpCode == 250)
    }

    @Test func refusedConnectionIsRetried() throws {
        let sender = try SMTPSender(settings: SMTPSettings(url: "smtp://127.0.0.1:1", from: "alerts@breach.example", connectTimeout: 2, totalTimeout: 5))
        let receipt = try #require(sender.send([email("NTF-1")])["NTF-1"])
        #expect(receipt.outcome == .retry)
        #expect(receipt.curlCode == 7)
        #expect(receipt.smtpCode == nil)
    }

    @Test func droppedDuringDataIsRetriedNeverDelivered() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", arguments: ["--drop-mid-data"], directory: dir)
        let receipts = try SMTPSender(settings: settings(server)).send([email("NTF-1"), email("NTF-2")])
        for id in ["NTF-1", "NTF-2"] {
            let receipt = try #require(receipts[id])
            #expect(receipt.outcome == .retry)
            #expect(receipt.curlCode != nil)
            #expect(receipt.smtpCode != 250)
            #expect(receipt.receipt.contains("not delivered"))
        }
        // The server did receive the bytes: the client must still not call it delivered.
        #expect(server.log(atLeast: 2).count == 2)
    }

    @Test func startTLSWithSelfSignedCertificateFailsVerificationUnlessCABundleIsNamed() throws {
        let dir = try TestDirectory()
        let cert = try TestCertificate(in: dir)
        let server = try TestServer(
            script: "smtp_server.py", arguments: ["--starttls", "--cert", cert.certPath, "--key", cert.keyPath], directory: dir)

        let refused = try #require(try SMTPSender(settings: settings(server, startTLS: true)).send([email("NTF-1")])["NTF-1"])
        #expect(refused.outcome == .failed)
        #expect(refused.curlCode == 60)
        #expect(refused.receipt.contains("TLS verification failed"))
        #expect(refused.receipt.contains("CA bundle"))

        let accepted = try #require(try SMTPSender(settings: settings(server, startTLS: true, ca: cert.certPath)).send([email("NTF-1")])["NTF-1"])
        #expect(accepted.outcome == .delivered)
        let log = server.log(atLeast: 1)
        #expect(log.count == 1)
        #expect(log.first?["tls"] as? Bool == true)
    }

    @Test func requiredStartTLSRefusesAServerWithoutIt() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", directory: dir)
        let receipt = try #require(try SMTPSender(settings: settings(server, startTLS: true)).send([email("NTF-1")])["NTF-1"])
        #expect(receipt.outcome == .failed)
        #expect(receipt.curlCode == 64)
        #expect(server.log().isEmpty)
    }

    @Test func implicitTLSDelivers() throws {
        let dir = try TestDirectory()
        let cert = try TestCertificate(in: dir)
        let server = try TestServer(
            script: "smtp_server.py", arguments: ["--tls", "--cert", cert.certPath, "--key", cert.keyPath], directory: dir)
        let receipt = try #require(try SMTPSender(settings: settings(server, scheme: "smtps", ca: cert.certPath)).send([email("NTF-1")])["NTF-1"])
        #expect(receipt.outcome == .delivered)
        #expect(server.log(atLeast: 1).count == 1)
    }

    @Test func authWithTheRightPasswordDeliversAndTheWrongOneFailsWithoutLeakingIt() throws {
        let dir = try TestDirectory()
        let cert = try TestCertificate(in: dir)
        let password = "correct-horse-battery"
        let server = try TestServer(
            script: "smtp_server.py",
            arguments: ["--starttls", "--cert", cert.certPath, "--key", cert.keyPath, "--auth", "mailer:\(password)"],
            directory: dir)

        let good = try SMTPSender(settings: settings(server, startTLS: true, ca: cert.certPath, username: "mailer", password: password))
            .send([email("NTF-1"), email("NTF-2")])
        #expect(good["NTF-1"]?.outcome == .delivered)
        #expect(good["NTF-2"]?.outcome == .delivered)
        let log = server.log(atLeast: 2)
        #expect(log.first?["auth"] as? String == "mailer")

        let wrongPassword = "wrong-horse-battery"
        let bad = try #require(try SMTPSender(settings: settings(server, startTLS: true, ca: cert.certPath, username: "mailer", password: wrongPassword))
            .send([email("NTF-3")])["NTF-3"])
        #expect(bad.outcome == .failed)
        #expect(bad.smtpCode == 535)
        #expect(bad.receipt.contains("authentication failed"))
        for receipt in [good["NTF-1"], good["NTF-2"], bad].compactMap({ $0 }) {
            #expect(!receipt.receipt.contains(password))
            #expect(!receipt.receipt.contains(wrongPassword))
            #expect(!receipt.receipt.contains(Data(wrongPassword.utf8).base64EncodedString()))
        }
        #expect(server.log().count == 2)
    }

    @Test func invalidRecipientsAreRefusedBeforeSending() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", directory: dir)
        let bad = OutgoingEmail(id: "NTF-x", recipients: ["not an address"], data: Data("Subject: x\r\n\r\nx\r\n".utf8))
        let receipt = try #require(try SMTPSender(settings: settings(server)).send([bad])["NTF-x"])
        #expect(receipt.outcome == .failed)
        #expect(receipt.receipt.hasPrefix("refused before sending: "))
        #expect(server.log().isEmpty)
    }

    @Test(arguments: [
        (SMTPSettings(url: "http://127.0.0.1:25", from: "a@example.com"), "smtp://"),
        (SMTPSettings(url: "smtp://", from: "a@example.com"), "no host"),
        (SMTPSettings(url: "smtp://mail.example.com", username: "u", password: "secret-pw", from: "a@example.com"), "in clear"),
        (SMTPSettings(url: "smtp://mail.example.com", username: "u", from: "a@example.com"), "both"),
        (SMTPSettings(url: "smtps://mail.example.com", requireStartTLS: true, from: "a@example.com"), "already TLS"),
        (SMTPSettings(url: "smtp://mail.example.com", from: "not-an-address"), "invalid email address"),
        (SMTPSettings(url: "smtp://u:p@mail.example.com", from: "a@example.com"), "user:password@"),
    ])
    func badSettingsAreRefusedWithTheFix(settings: SMTPSettings, fragment: String) {
        #expect {
            try SMTPSender(settings: settings)
        } throws: { error in
            let error = error as? DeliveryError
            return error?.message.contains(fragment) == true && error?.message.contains("secret-pw") == false
        }
    }
}

import BreachKit
import Crypto
import Foundation
import Testing

/// Webhook delivery against the real test receiver on 127.0.0.1.
@Suite("Webhook delivery")
struct WebhookSenderTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let body = Data(#"{"incident":"INC-1","obligation":"OBL-1"}"#.utf8)

    func sendOne(_ request: WebhookRequest, sender: WebhookSender = WebhookSender()) -> DeliveryReceipt {
        let receipts = sender.send([request], now: now)
        return receipts[request.id] ?? DeliveryReceipt(outcome: .failed, receipt: "missing receipt")
    }

    @Test func deliveredWithExactHeadersAndAVerifiableSignature() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", arguments: ["--secret", "topsecret"], directory: dir)
        let receipt = sendOne(WebhookRequest(id: "NTF-1", url: server.url("/ok"), body: body, secret: "topsecret"))

        #expect(receipt.outcome == .delivered)
        #expect(receipt.httpStatus == 200)
        #expect(receipt.receipt == "HTTP 200 OK")
        #expect(receipt.curlCode == nil)
        let log = server.log(atLeast: 1)
        try #require(log.count == 1)
        let headers = try #require(log[0]["headers"] as? [String: String])
        #expect(log[0]["method"] as? String == "POST")
        #expect(log[0]["path"] as? String == "/ok")
        #expect(log[0]["body"] as? String == String(decoding: body, as: UTF8.self))
        #expect(headers["Content-Type"] == "application/json")
        #expect(headers["Idempotency-Key"] == "NTF-1")
        #expect(headers["User-Agent"]?.hasPrefix("breach/") == true)
        #expect(headers["Expect"] == nil)
        #expect(headers["X-Breach-Timestamp"] == "1700000000")
        // The Python receiver verified it; verify it here too, as a Swift receiver would.
        #expect(log[0]["signature_valid"] as? Bool == true)
        let timestamp = try #require(headers["X-Breach-Timestamp"])
        let received = Data((log[0]["body"] as? String ?? "").utf8)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).".utf8) + received, using: SymmetricKey(data: Data("topsecret".utf8)))
        let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
        #expect(headers["X-Breach-Signature"] == expected)
    }

    @Test func noSignatureHeadersWithoutASecret() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let receipt = sendOne(WebhookRequest(id: "NTF-2", url: server.url("/ok"), body: body))
        #expect(receipt.outcome == .delivered)
        let headers = try #require(server.log(atLeast: 1).first?["headers"] as? [String: String])
        #expect(headers["X-Breach-Signature"] == nil)
        #expect(headers["X-Breach-Timestamp"] == nil)
        #expect(headers["Idempotency-Key"] == "NTF-2")
    }

    @Test(arguments: [400, 401, 403, 404, 410, 422])
    func clientErrorsFailPermanently(status: Int) throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let receipt = sendOne(WebhookRequest(id: "NTF-\(status)", url: server.url("/status/\(status)"), body: body))
        #expect(receipt.outcome == .failed)
        #expect(receipt.httpStatus == status)
        #expect(receipt.receipt.hasPrefix("HTTP \(status)"))
    }

    @Test(arguments: [408, 429, 500, 502, 503, 504])
    func transientStatusesAreRetriedWithRetryAfter(status: Int) throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let receipt = sendOne(WebhookRequest(id: "NTF-\(status)", url: server.url("/status/\(status)?retry_after=7"), body: body))
        #expect(receipt.outcome == .retry)
        #expect(receipt.httpStatus == status)
        #expect(receipt.retryAfter == 7)
    }

    @Test func retryAfterAsHTTPDateIsRelativeToNow() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        // 1_700_000_090 = Tue, 14 Nov 2023 22:14:50 GMT, 90 s after `now`.
        let date = "Tue,%2014%20Nov%202023%2022:14:50%20GMT"
        let receipt = sendOne(WebhookRequest(id: "NTF-429", url: server.url("/status/429?retry_after=\(date)"), body: body))
        #expect(receipt.outcome == .retry)
        #expect(receipt.retryAfter == 90)
    }

    @Test func redirectIsNotFollowedAndNotDelivered() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let receipt = sendOne(WebhookRequest(id: "NTF-302", url: server.url("/redirect"), body: body))
        #expect(receipt.outcome == .failed)
        #expect(receipt.httpStatus == 302)
        #expect(receipt.receipt.contains("redirect to /ok not followed"))
        Thread.sleep(forTimeInterval: 0.3)
        let log = server.log()
        #expect(log.count == 1)
        #expect(log.first?["path"] as? String == "/redirect")
    }

    @Test func slowServerTimesOutAndIsRetried() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let receipt = sendOne(WebhookRequest(id: "NTF-slow", url: server.url("/sleep/5"), body: body, totalTimeout: 1))
        #expect(receipt.outcome == .retry)
        #expect(receipt.curlCode == 28)
        #expect(receipt.receipt.contains("timed out"))
        #expect(receipt.durationSeconds >= 0.9 && receipt.durationSeconds < 4)
    }

    @Test func connectionRefusedIsRetried() {
        let receipt = sendOne(WebhookRequest(id: "NTF-refused", url: "http://127.0.0.1:1/ok", body: body, connectTimeout: 2, totalTimeout: 5))
        #expect(receipt.outcome == .retry)
        #expect(receipt.curlCode == 7)
        #expect(receipt.receipt.hasPrefix("curl 7: "))
    }

    @Test func connectionResetWithoutAnswerIsRetried() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let receipt = sendOne(WebhookRequest(id: "NTF-reset", url: server.url("/reset"), body: body))
        #expect(receipt.outcome == .retry)
        #expect(receipt.httpStatus == nil)
        #expect(receipt.curlCode == 56 || receipt.curlCode == 52 || receipt.curlCode == 55)
    }

    @Test(arguments: [
        "file:///etc/passwd", "gopher://127.0.0.1:70/1", "dict://127.0.0.1:2628/d:x", "ftp://127.0.0.1/x",
        "smtp://127.0.0.1/", "http://user:pw@127.0.0.1/ok", "http://example.com/hook", "https://",
    ])
    func unacceptableURLsAreRefusedBeforeAnyIO(url: String) {
        let receipt = sendOne(WebhookRequest(id: "NTF-bad", url: url, body: body))
        #expect(receipt.outcome == .failed)
        #expect(receipt.receipt.hasPrefix("refused before sending: "))
        #expect(receipt.curlCode == nil)
        #expect(receipt.httpStatus == nil)
        #expect(receipt.durationSeconds == 0)
    }

    @Test func selfSignedHTTPSFailsVerificationUnlessItsCABundleIsNamed() throws {
        let dir = try TestDirectory()
        let cert = try TestCertificate(in: dir)
        let server = try TestServer(
            script: "webhook_server.py", arguments: ["--tls", "--cert", cert.certPath, "--key", cert.keyPath], directory: dir)

        let refused = sendOne(WebhookRequest(id: "NTF-tls", url: server.url("/ok", scheme: "https"), body: body))
        #expect(refused.outcome == .failed)
        #expect(refused.curlCode == 60)
        #expect(refused.receipt.contains("TLS verification failed"))
        #expect(refused.receipt.contains("CA bundle"))

        let accepted = sendOne(WebhookRequest(
            id: "NTF-tls", url: server.url("/ok", scheme: "https"), body: body, caBundlePath: cert.certPath))
        #expect(accepted.outcome == .delivered)
        #expect(accepted.httpStatus == 200)
        #expect(server.log(atLeast: 1).count == 1)
    }

    /// `--ca-bundle` replaces the system trust store, it does not add to it (issue 18): a receiver whose
    /// certificate the system's certificate directory trusts is refused when the contact names another
    /// bundle. Needs to write into /etc/ssl/certs (libcurl's CAPATH on Debian), so it runs as root.
    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/etc/ssl/certs"), "needs write access to /etc/ssl/certs"))
    func aNamedCABundleReplacesTheSystemCertificateDirectory() throws {
        let dir = try TestDirectory()
        let serverCert = try TestCertificate(in: dir, name: "system-trusted", subject: "/CN=breach-test-capath-\(UUID().uuidString)")
        let otherCA = try TestCertificate(in: dir, name: "other-ca")
        let trusted = try SystemTrustedCertificate(installing: serverCert.certPath)
        defer { trusted.remove() }
        let server = try TestServer(
            script: "webhook_server.py", arguments: ["--tls", "--cert", serverCert.certPath, "--key", serverCert.keyPath], directory: dir)
        let url = server.url("/ok", scheme: "https")

        // The control: with no bundle named, the system directory's copy is what makes it trusted.
        let viaSystemStore = sendOne(WebhookRequest(id: "NTF-system", url: url, body: body))
        #expect(viaSystemStore.outcome == .delivered, "the certificate in \(trusted.path) was not trusted: \(viaSystemStore.receipt)")

        let viaOtherBundle = sendOne(WebhookRequest(id: "NTF-bundle", url: url, body: body, caBundlePath: otherCA.certPath))
        #expect(viaOtherBundle.outcome == .failed, "the system certificate directory was still trusted beside --ca-bundle")
        #expect(viaOtherBundle.curlCode == 60)
        #expect(server.log(atLeast: 1).count == 1)
    }

    @Test func sequenceRetryThenDelivered() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let request = WebhookRequest(id: "NTF-seq", url: server.url("/seq/a/503,200"), body: body)
        #expect(sendOne(request).outcome == .retry)
        #expect(sendOne(request).outcome == .delivered)
        let keys = server.log(atLeast: 2).compactMap { ($0["headers"] as? [String: String])?["Idempotency-Key"] }
        #expect(keys == ["NTF-seq", "NTF-seq"])
    }

    @Test func mixedBatchGetsOneReceiptPerId() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let requests = [
            WebhookRequest(id: "a", url: server.url("/ok"), body: body),
            WebhookRequest(id: "b", url: server.url("/status/500"), body: body),
            WebhookRequest(id: "c", url: server.url("/status/404"), body: body),
            WebhookRequest(id: "d", url: "file:///etc/passwd", body: body),
            WebhookRequest(id: "a", url: server.url("/status/500"), body: body),
        ]
        let receipts = WebhookSender(maxConcurrent: 2).send(requests, now: now)
        #expect(receipts.count == 4)
        #expect(receipts["a"]?.outcome == .delivered)
        #expect(receipts["b"]?.outcome == .retry)
        #expect(receipts["c"]?.outcome == .failed)
        #expect(receipts["d"]?.outcome == .failed)
        #expect(server.log(atLeast: 3).count == 3)
    }

    @Test func fanOutOf200DeliversEachIdempotencyKeyExactlyOnce() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let requests = (1...200).map { WebhookRequest(id: "NTF-\($0)", url: server.url("/ok"), body: body, secret: "s\($0)") }
        let started = Date()
        let receipts = WebhookSender().send(requests, now: now)
        let elapsed = Date().timeIntervalSince(started)
        print("fan-out: 200 webhooks in \(String(format: "%.2f", elapsed)) s")
        #expect(receipts.count == 200)
        #expect(receipts.values.allSatisfy { $0.outcome == .delivered })
        let keys = server.log(atLeast: 200).compactMap { ($0["headers"] as? [String: String])?["Idempotency-Key"] }
        #expect(keys.count == 200)
        #expect(Set(keys) == Set(requests.map(\.id)))
    }

    @Test func transfersRunConcurrentlyUpToTheCap() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "webhook_server.py", directory: dir)
        let requests = (1...8).map { WebhookRequest(id: "S-\($0)", url: server.url("/sleep/0.6"), body: body) }

        var started = Date()
        let parallel = WebhookSender(maxConcurrent: 8).send(requests, now: now)
        let parallelTime = Date().timeIntervalSince(started)
        #expect(parallel.values.allSatisfy { $0.outcome == .delivered })
        #expect(parallelTime < 2.4, "8 × 0.6 s with 8 at once took \(parallelTime) s")

        started = Date()
        let capped = WebhookSender(maxConcurrent: 2).send(requests, now: now)
        let cappedTime = Date().timeIntervalSince(started)
        #expect(capped.values.allSatisfy { $0.outcome == .delivered })
        #expect(cappedTime >= 2.3, "8 × 0.6 s with 2 at once took only \(cappedTime) s")
    }
}

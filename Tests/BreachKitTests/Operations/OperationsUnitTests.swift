import BreachDomain
@testable import BreachKit
import Foundation
import Logging
import Testing

@Suite("Standard Webhooks signing")
struct StandardWebhookSignerTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2q3/0fNdgFU="

    /// The value the `standardwebhooks` reference library (PyPI) computes for the same id, time and body.
    @Test func matchesTheReferenceLibrary() throws {
        let key = try StandardWebhookSigner.key(fromSecret: Self.secret)
        #expect(key.count == 32)
        let signature = StandardWebhookSigner.signature(key: key, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330",
                                                        body: Data(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,VNhWfce/s4b3LkBcUpyMv6gTz+dYy7dKSW2SwQsv9TU=")
    }

    @Test func headersCarryIdTimestampAndSignature() throws {
        let key = try StandardWebhookSigner.key(fromSecret: Self.secret)
        let headers = StandardWebhookSigner.headers(key: key, id: "INC-1.x", body: Data("{}".utf8), now: Date(timeIntervalSince1970: 1_700_000_000.9))
        #expect(headers.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers[0].value == "INC-1.x")
        #expect(headers[1].value == "1700000000")
        #expect(headers[2].value == StandardWebhookSigner.signature(key: key, id: "INC-1.x", timestamp: "1700000000", body: Data("{}".utf8)))
    }

    @Test func unpaddedBase64IsAccepted() throws {
        #expect(try StandardWebhookSigner.key(fromSecret: String(Self.secret.dropLast())) == StandardWebhookSigner.key(fromSecret: Self.secret))
    }

    @Test(arguments: [("plain-secret", "must start with whsec_"), ("whsec_", "empty"), ("whsec_%%%%", "not valid base64"),
                      ("whsec_abcde", "not valid base64"), ("whsec_ab cd", "not valid base64")])
    func refusesSecretsThatAreNotWhsecBase64(secret: String, fragment: String) {
        #expect(throws: DeliveryError.self) { try StandardWebhookSigner.key(fromSecret: secret) }
        do { _ = try StandardWebhookSigner.key(fromSecret: secret) } catch {
            #expect(error.code == .invalidWebhookSecret)
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(secret.count <= 6 || !error.message.contains(secret), "the message must not echo the secret")
        }
    }
}

@Suite("Prometheus exposition")
struct PrometheusExpositionTests {
    @Test func rendersHelpTypeAndEscapedLabels() {
        let text = PrometheusExposition.render([
            MetricFamily("x_total", help: "A \\ help\nline.", kind: .counter,
                         samples: [.init([.init("a", "q\"uote\\back\nline")], 3), .init([], 0.25)]),
            MetricFamily("y", help: "Absent.", samples: []),
        ])
        #expect(text == """
            # HELP x_total A \\\\ help\\nline.
            # TYPE x_total counter
            x_total{a="q\\"uote\\\\back\\nline"} 3
            x_total 0.25
            # HELP y Absent.
            # TYPE y gauge

            """)
    }

    @Test func formatsSpecialValues() {
        #expect(PrometheusExposition.format(.infinity) == "+Inf")
        #expect(PrometheusExposition.format(-.infinity) == "-Inf")
        #expect(PrometheusExposition.format(.nan) == "NaN")
        #expect(PrometheusExposition.format(-12) == "-12")
        #expect(PrometheusExposition.format(1_796_202_941.365) == "1796202941.365")
    }

    @Test func aFailedRunCarriesTheLastSuccessOver() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("breach.prom").path
        let success = Date(timeIntervalSince1970: 1_796_000_000.5)
        let first = BreachMetrics.CheckRun(finishedAt: success, durationSeconds: 0.1, succeeded: true, lastSuccessAt: success)
        try MetricsFile.write(BreachMetrics.render(snapshot: nil, now: success, check: first), to: path)
        #expect(MetricsFile.previousLastSuccess(at: path) == success)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["breach.prom"])
        #expect(MetricsFile.previousLastSuccess(at: directory.appendingPathComponent("none.prom").path) == nil)
    }
}

@Suite("JSON log handler")
struct JSONLogHandlerTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func append(_ line: String) { lock.withLock { stored.append(line) } }
        var all: [String] { lock.withLock { stored } }
    }

    @Test func oneObjectPerLineWithTypedMetadataAndRedaction() throws {
        let lines = Lines()
        let clock = FixedClock(Date(timeIntervalSince1970: 1_796_000_000.123))
        var logger = Logger(label: "breach") { JSONLogHandler(label: $0, clock: clock, sink: { lines.append($0) }) }
        logger[metadataKey: "command"] = "check"
        logger.info("delivery attempted", metadata: [
            "incident.id": "INC-1", "attempt": .stringConvertible(2), "ok": .stringConvertible(true),
            "webhook_secret": "s3cr3t", "message_body": "Dear customer", "auth.token": "t0k3n",
        ])
        logger.debug("below the level")
        try #require(lines.all.count == 1)
        let line = lines.all[0]
        #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false)
        #expect(line.hasPrefix(#"{"time":"2026-11-30T00:53:20.123Z","level":"info","message":"delivery attempted","logger":"breach","#), "\(line)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["attempt"] as? Int == 2)
        #expect(object["ok"] as? Bool == true)
        #expect(object["incident.id"] as? String == "INC-1")
        #expect(object["command"] as? String == "check")
        for key in ["webhook_secret", "message_body", "auth.token"] { #expect(object[key] as? String == "[redacted]") }
        #expect(!line.contains("s3cr3t") && !line.contains("Dear") && !line.contains("t0k3n"))
    }

    @Test func logFormatResolution() throws {
        #expect(try LogFormat.resolve(flag: nil, environment: [:]) == .text)
        #expect(try LogFormat.resolve(flag: nil, environment: ["BREACH_LOG_FORMAT": "JSON"]) == .json)
        #expect(try LogFormat.resolve(flag: "text", environment: ["BREACH_LOG_FORMAT": "json"]) == .text)
        #expect(throws: BreachError.self) { try LogFormat.resolve(flag: "logfmt", environment: [:]) }
    }
}

import BreachKit
import Foundation

/// `webhooks`: times `WebhookSender` posting `count` signed webhooks, and writes the very same requests
/// (bodies, headers, signatures) as a curl config so `curl --parallel` can send them for comparison.
struct WebhooksCommand {
    let url: String
    let count: Int
    let runs: Int
    let secret: String
    let curlConfig: String?

    init(_ arguments: inout Arguments) throws {
        url = try arguments.required("url")
        count = try arguments.int("count", default: 1000)
        runs = try arguments.int("runs", default: 5)
        secret = arguments.string("secret") ?? "bench-secret"
        curlConfig = arguments.string("curl-config")
        try arguments.finish()
    }

    func run() throws {
        let now = Date()
        let requests = (1...count).map { n in
            let id = "INC-\(n).customer-admins.hook-1.webhook"
            let body = JSONValue.object([
                ("notification_id", .string(id)),
                ("incident", .object([("id", .string("INC-\(n)")), ("title", .string("Exposed storage bucket #\(n)")),
                                      ("kind", .string("data-breach")), ("severity", .string("high")), ("stage", .string("assess")),
                                      ("declared_at", .time(now))])),
                ("obligation", .object([("id", .string("customer-admins")), ("title", .string("Notify affected customers' administrators")),
                                        ("due_at", .time(now.addingTimeInterval(72 * 3600)))])),
                ("subject", .string("[INC-\(n)] Security incident affecting your account")),
                ("message", .string(String(repeating: "We are writing to tell you about a security incident. ", count: 8))),
            ]).serialized()
            return WebhookRequest(id: id, url: url, body: Data(body.utf8), secret: secret)
        }
        if let curlConfig { try writeCurlConfig(requests, now: now, to: curlConfig) }
        var seconds: [Double] = []
        var delivered = 0
        for _ in 0..<runs {
            var receipts: [String: DeliveryReceipt] = [:]
            seconds.append(Bench.seconds { receipts = WebhookSender(maxConcurrent: 32).send(requests, now: now) })
            delivered = receipts.values.filter { $0.outcome == .delivered }.count
        }
        Bench.print([("count", .int(Int64(count))), ("delivered", .int(Int64(delivered))), ("seconds", .array(seconds.map(JSONValue.double)))])
    }

    private func writeCurlConfig(_ requests: [WebhookRequest], now: Date, to path: String) throws {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines: [String] = []
        for (index, request) in requests.enumerated() {
            if index > 0 { lines.append("next") }
            lines.append("url = \(quoted(request.url))")
            lines.append("data-binary = \(quoted(String(decoding: request.body, as: UTF8.self)))")
            lines.append("header = \"Content-Type: application/json\"")
            lines.append("header = \(quoted("Idempotency-Key: \(request.id)"))")
            lines.append("header = \"Expect:\"")
            for (name, value) in WebhookSigner.headers(secret: secret, body: request.body, now: now) {
                lines.append("header = \(quoted("\(name): \(value)"))")
            }
            lines.append("output = /dev/null")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}

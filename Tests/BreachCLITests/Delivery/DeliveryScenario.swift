import BreachDomain
import BreachTestSupport
import Foundation
import Testing

/// An incident of the `data-breach` playbook, its contacts, a signature-checking webhook receiver on
/// 127.0.0.1 and a `breach.yml` in the working directory — what the delivery tests start from.
///
/// Times are hours after `BreachCLI.defaultNow` (the declaration time, T): `at(49)` is T+49h.
struct DeliveryScenario {
    /// The secret shared by the test contacts and the receiver; breach reads it from `$HOOK_SECRET` (`env:` reference).
    static let secret = "hook-secret-for-tests"
    static let secretVariable = "HOOK_SECRET"
    /// The escalation contact's webhook: its requests are told apart from the audiences' by this path.
    static let escalationPath = "/ok?to=secops"

    var cli: BreachCLI
    let webhooks: TestServer

    init(backend: BreachCLI.Backend = .sqlite) throws {
        cli = try BreachCLI(backend: backend)
        cli.environment = [Self.secretVariable: Self.secret]
        webhooks = try TestServer(script: "webhook_server.py", arguments: ["--secret", Self.secret], directory: cli.directory, name: "webhooks")
    }

    static let start = RFC3339.parse(BreachCLI.defaultNow)!

    /// T + `hours` (and `seconds`), as `--now` takes it.
    static func at(_ hours: Double, seconds: Double = 0) -> String {
        RFC3339.format(start.addingTimeInterval(hours * 3600 + seconds))
    }

    /// Writes `./breach.yml` (the working directory of every run): the escalation contact, webhook timeouts, and `smtp` when given.
    func configure(smtp: [String: String]? = nil, escalation: [String] = ["secops"]) throws {
        var lines = ["webhook:", "  connect_timeout_seconds: 2", "  timeout_seconds: 10"]
        if !escalation.isEmpty { lines += ["escalation:"] + escalation.map { "  - \($0)" } }
        if let smtp {
            lines.append("smtp:")
            for key in smtp.keys.sorted() { lines.append("  \(key): \(smtp[key]!)") }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
    }

    /// Adds the escalation contact `secops`, reachable by webhook on `escalationPath`.
    func addEscalationContact() throws {
        try addWebhookContact("secops", role: "escalation", url: webhooks.url(Self.escalationPath))
    }

    /// Adds a webhook contact signed with the `env:` secret (unless `secret` is nil).
    func addWebhookContact(_ id: String, role: String, url: String, secret: String? = "env:\(secretVariable)") throws {
        var arguments = ["contact", "add", id, "--name", "Contact \(id)", "--role", role, "--webhook", url]
        if let secret { arguments += ["--webhook-secret", secret] }
        try cli.succeed(arguments)
    }

    /// Adds an email contact.
    func addEmailContact(_ id: String, role: String, email: String) throws {
        try cli.succeed("contact", "add", id, "--name", "Contact \(id)", "--role", role, "--email", email)
    }

    /// Detects INC-1 (data-breach) at T, links `affected` contacts and declares it at T: every obligation is due at T+72h.
    @discardableResult
    func declare(affecting affected: [String]) throws -> String {
        let id = try cli.detect()
        for contact in affected { try cli.succeed("affect", id, "--contact", contact) }
        try cli.succeed("declare", id, "--reason", "customer PII exposed")
        return id
    }

    /// `show INC-1 --json` at `now`.
    func incident(now: String = at(0)) throws -> [String: Any] {
        try cli.succeed("show", "INC-1", "--json", now: now).object()
    }

    /// The notification `id` as `show --json` lists it.
    func notification(_ id: String, now: String = at(0)) throws -> [String: Any] {
        let all = try #require(try incident(now: now)["notifications"] as? [[String: Any]])
        return try #require(all.first { $0["id"] as? String == id }, "no notification \(id) in \(all.map { $0["id"] ?? "?" })")
    }

    /// The obligation `id` as `show --json` lists it.
    func obligation(_ id: String, now: String) throws -> [String: Any] {
        let all = try #require(try incident(now: now)["obligations"] as? [[String: Any]])
        return try #require(all.first { $0["id"] as? String == id })
    }

    /// Every request the receiver got, optionally only those to `path`.
    func requests(to path: String? = nil) -> [[String: Any]] {
        webhooks.log().filter { path == nil || $0["path"] as? String == path }
    }

    /// The receipts recorded for notification `id` (the `receipt` of its attempted/delivered/failed events), in order.
    func receipts(of id: String) throws -> [String] {
        let output = try cli.sqlite("""
            SELECT json_extract(payload, '$.receipt') FROM events
            WHERE type IN ('notification.attempted', 'notification.delivered', 'notification.failed')
              AND json_extract(payload, '$.notification_id') = '\(id)' ORDER BY sequence
            """)
        return output.stdout.split(separator: "\n").map(String.init)
    }

    /// How many events of `type` the log holds.
    func count(of type: String) throws -> Int {
        Int(try cli.sql("SELECT COUNT(*) FROM events WHERE type = '\(type)'").stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// `verify --json` passes.
    func expectVerifies(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try cli.run("verify", "--json")
        #expect(report.status == 0, "\(report)", sourceLocation: sourceLocation)
        #expect(try report.object()["ok"] as? Bool == true, "\(report)", sourceLocation: sourceLocation)
    }
}

/// A header of a logged request, by case-insensitive name.
func header(_ name: String, of request: [String: Any]) -> String? {
    (request["headers"] as? [String: String])?.first { $0.key.lowercased() == name.lowercased() }?.value
}

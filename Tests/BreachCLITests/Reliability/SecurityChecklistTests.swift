import Foundation
import Testing

/// The security checklist, end to end: private files, secrets kept out of every output and the log,
/// only http/https/smtp/smtps handed to libcurl, no way to turn TLS verification off, and spreadsheet
/// formulas neutralised in CSV.
@Suite("Reliability: security checklist")
struct SecurityChecklistTests {
    let cli: BreachCLI
    static let webhookSecret = "whsec-DO-NOT-LEAK-7f3a9c"
    static let smtpPassword = "smtp-DO-NOT-LEAK-41b8e2"

    init() throws { cli = try BreachCLI() }

    /// The file's permission bits.
    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test func theDatabaseAndEveryExportedFileAreCreatedPrivate() throws {
        let id = try cli.detect()
        #expect(try mode(cli.databasePath) == 0o600)
        for sidecar in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: cli.databasePath + sidecar) {
            #expect(try mode(cli.databasePath + sidecar) & 0o077 == 0, "\(sidecar) is readable by others")
        }
        try cli.succeed("report", "sla", "--output", cli.directory.path("sla.csv"))
        try cli.succeed("report", "notifications", "--output", cli.directory.path("notifications.csv"))
        try cli.succeed("export", id, "--format", "md", "--output", cli.directory.path("export.md"))
        for file in ["sla.csv", "notifications.csv", "export.md"] {
            #expect(try mode(cli.directory.path(file)) == 0o600, "\(file)")
        }
    }

    @Test func secretsNeverAppearInOutputTheLogOrReports() throws {
        // Given a signed webhook and an authenticated SMTP transport, both unreachable so that the
        // error paths (the likeliest to echo a credential) run too
        let config = cli.directory.path("breach.yml")
        try "smtp:\n  url: smtp://127.0.0.1:1\n  from: breach@example.org\n  username: breach\n  password_env: BREACH_SMTP_PASSWORD\n  timeout_seconds: 5\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let environment = ["HOOK_SECRET": Self.webhookSecret, "BREACH_SMTP_PASSWORD": Self.smtpPassword, "BREACH_CONFIG": config]
        let id = try cli.detect()
        var outputs: [BreachCLI.Output] = []
        for arguments in [
            ["contact", "add", "acme-hook", "--name", "Acme SOC", "--role", "customer-admin", "--webhook", "http://127.0.0.1:1/hook",
             "--webhook-secret", "env:HOOK_SECRET"],
            ["contact", "add", "acme-admin", "--name", "Acme admin", "--role", "customer-admin", "--email", "admin@acme.example"],
            ["affect", id, "--contact", "acme-hook", "--contact", "acme-admin"],
            ["declare", id], ["notify", id, "--obligation", "customer-admins"], ["notify", id, "--obligation", "customer-admins", "--json"],
            ["check"], ["check", "--json"], ["show", id, "--json"], ["timeline", id], ["contact", "show", "acme-hook"], ["contact", "list", "--json"],
            ["report", "sla"], ["report", "notifications"], ["export", id, "--format", "md"], ["verify"],
        ] {
            outputs.append(try cli.run(arguments, environment: environment))
        }
        #expect(outputs[4].stdout.contains("will retry"), "the notifications were not attempted: \(outputs[4])")
        let dump = try cli.sqlite(".dump").stdout
        let database = try Data(contentsOf: URL(fileURLWithPath: cli.databasePath)) + ((try? Data(contentsOf: URL(fileURLWithPath: cli.databasePath + "-wal"))) ?? Data())
        for secret in [Self.webhookSecret, Self.smtpPassword] {
            for output in outputs {
                #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret), "leaked: \(output)")
            }
            #expect(!dump.contains(secret), "the secret is in the database")
            #expect(database.range(of: Data(secret.utf8)) == nil, "the secret is in the database file")
        }
    }

    @Test func aSchemeSmuggledIntoTheRegistryNeverReachesLibcurl() throws {
        // Given a contact whose URL was edited behind the validator's back
        let id = try cli.detect()
        try cli.succeed("contact", "add", "acme-hook", "--name", "Acme SOC", "--role", "customer-admin", "--webhook", "http://127.0.0.1:1/hook")
        try cli.succeed("affect", id, "--contact", "acme-hook")
        try cli.succeed("declare", id)
        for url in ["gopher://127.0.0.1:1/_x", "file:///etc/passwd", "dict://127.0.0.1:1/x", "smtp://127.0.0.1:1/"] {
            try cli.sqlite("UPDATE contacts SET webhook_url = '\(url)' WHERE id = 'acme-hook';")
            // When notified, the attempt is refused before any I/O and recorded as failed, never delivered
            let output = try cli.run("notify", id, "--obligation", "customer-admins", "--json")
            let notifications = try #require(try output.object()["notifications"] as? [[String: Any]])
            #expect(notifications.allSatisfy { $0["status"] as? String != "delivered" })
            let errors = notifications.compactMap { $0["last_error"] as? String }
            #expect(errors.contains { $0.contains("not allowed") || $0.contains("refused before sending") }, "\(url): \(errors)")
        }
    }

    @Test(arguments: ["insecure", "verify", "tls_verify", "ssl_verify", "verify_peer", "verify_host", "skip_tls_verify", "allow_insecure"])
    func noConfigurationKeyTurnsTLSVerificationOff(_ key: String) throws {
        try cli.detect()
        for (section, yaml) in [
            ("smtp", "smtp:\n  url: smtps://127.0.0.1:1\n  from: breach@example.org\n  \(key): false\n"),
            ("webhook", "webhook:\n  \(key): false\n"),
            ("top level", "\(key): false\n"),
        ] {
            let config = cli.directory.path("\(key).yml")
            try yaml.write(toFile: config, atomically: true, encoding: .utf8)
            try cli.expectRefusal(65, ["check", "--config", config], mentioning: "unknown key")
            _ = section
        }
    }

    @Test func formulasInTextCellsAreNeutralised() throws {
        for title in ["=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(A1:A9)", "-2+3", "@cmd", "\tTab first"] {
            // After `--` a title may start with '-'; the clock then comes from $BREACH_NOW.
            let output = try cli.run(["detect", "--kind", "data-breach", "--severity", "low", "--", title], now: nil,
                                     environment: ["BREACH_NOW": BreachCLI.defaultNow])
            #expect(output.status == 0, "\(output)")
        }
        let csv = try cli.succeed("report", "sla", "--since", "2026-01-01", "--until", "2027-01-01").stdout
        let rows = csv.split(whereSeparator: \.isNewline).dropFirst()
        #expect(rows.count == 5)
        for row in rows {
            // The title is the second cell; quoted or not, its first character is never a formula trigger.
            let cells = row.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            let title = cells[1].hasPrefix("\"") ? cells[1].dropFirst() : cells[1]
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(String(title.prefix(1))), "unneutralised: \(row)")
        }
    }
}

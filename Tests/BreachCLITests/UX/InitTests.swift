import BreachKit
import Foundation
import Testing

/// `breach init`: a commented starter breach.yml that the configuration parser accepts, a new
/// database, never an overwrite, and the next three commands.
@Suite struct InitTests {
    let cli: BreachCLI
    init() throws { cli = try BreachCLI() }

    var configPath: String { cli.directory.path("breach.yml") }

    @Test func writesConfigAndDatabaseAndSaysWhatToDoNext() throws {
        let output = try cli.succeed("init")
        #expect(FileManager.default.fileExists(atPath: configPath))
        #expect(FileManager.default.fileExists(atPath: cli.databasePath))
        let next = output.stdout.components(separatedBy: "Next:\n").last?.split(separator: "\n") ?? []
        #expect(next.count == 3, "\(output.stdout)")
        #expect(next.allSatisfy { $0.hasPrefix("  breach ") }, "\(output.stdout)")
        #expect(try cli.fingerprint().hasSuffix("ok=1"), "a usable, empty database")
        let mode = try FileManager.default.attributesOfItem(atPath: configPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The commands it suggests work as they are, from here.
        try cli.succeed(["detect", "Leaked S3 bucket", "--kind", "data-breach", "--severity", "high"])
    }

    /// The starter parses as written (email off, playbooks found), and again with every example enabled.
    @Test func starterParsesAsWrittenAndWithItsExamplesEnabled() throws {
        try cli.succeed("init")
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        for key in ["smtp:", "url:", "from:", "password_env:", "escalation:", "playbooks:"] {
            #expect(text.contains(key), "the starter explains \(key)")
        }
        let asWritten = try BreachConfiguration.parse(text, fileName: configPath)
        #expect(asWritten.smtp == nil, "email stays off until the user fills it in")
        let playbooks = try #require(asWritten.playbooksDirectory)
        #expect(FileManager.default.fileExists(atPath: playbooks + "/data-breach.yml"), "\(playbooks)")

        // "#key:" and "#  key:" lines are examples; "# text" lines are explanations.
        let enabled = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasPrefix("#") && (!line.hasPrefix("# ") || line.hasPrefix("#  ")) ? line.dropFirst() : line
        }.joined(separator: "\n")
        let full = try BreachConfiguration.parse(enabled, fileName: "enabled.yml")
        let smtp = try #require(full.smtp)
        #expect(smtp.url == "smtps://smtp.example.com:465")
        #expect(smtp.from == "breach@example.com")
        #expect(smtp.passwordEnvironmentVariable == "BREACH_SMTP_PASSWORD")
        #expect(full.escalationContacts == ["secops-oncall", "legal-dpo"])
        #expect(full.webhookConnectTimeout == 5 && full.webhookTotalTimeout == 15)
    }

    @Test func refusesToOverwriteEitherFile() throws {
        try cli.succeed("init")
        try "# mine\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let again = try cli.expectRefusal(67, ["init"], mentioning: "already exists")
        #expect(again.stderr.contains(configPath))
        #expect(try String(contentsOfFile: configPath, encoding: .utf8) == "# mine\n")

        // Only the database there: still refused, and no config is written beside it.
        try FileManager.default.removeItem(atPath: configPath)
        try cli.expectRefusal(67, ["init"], mentioning: cli.databasePath)
        #expect(!FileManager.default.fileExists(atPath: configPath))
    }

    @Test func intoAnotherFolderTheNextCommandsNameTheFiles() throws {
        let folder = cli.directory.path("srv")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let output = try cli.succeed("init", "--dir", folder)
        #expect(FileManager.default.fileExists(atPath: folder + "/breach.yml"))
        #expect(FileManager.default.fileExists(atPath: folder + "/breach.db"))
        #expect(output.stdout.contains("--db \(folder)/breach.db --config \(folder)/breach.yml"), "\(output.stdout)")
        try cli.expectRefusal(66, ["init", "--dir", cli.directory.path("missing")], mentioning: "mkdir -p")
    }
}

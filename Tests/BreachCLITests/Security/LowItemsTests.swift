import BreachDomain
import Foundation
import BreachTestSupport
import Testing

/// Issue 18, the low-severity items: each a regression test through the built binary.
@Suite("Security: low-severity review items")
struct LowItemsTests {
    typealias S = DeliveryScenario

    @Test func markdownExportEscapesBlockStructureNotJustInlineMarkup() throws {
        let cli = try BreachCLI()
        let id = try cli.detect()
        let forged = "looks fine\n===\n- forged list item\n1. forged step\n2) another\n> forged quote\n    forged code\n---\n+ plus item"
        try cli.succeed("declare", id, "--reason", forged)
        try cli.succeed("note", id, forged)
        let markdown = try cli.succeed("export", id, "--format", "md").stdout
        let lines = markdown.split(separator: "\n").map { $0.drop(while: { $0 == " " || $0 == ">" }) }
        for marker in ["===", "---", "- forged", "1. forged", "2) another", "> forged", "forged code", "+ plus"] {
            // The user's text is there, but no line of it starts with a block marker a renderer would obey.
            #expect(!lines.contains { $0.hasPrefix(marker) && !$0.hasPrefix("---|") }, "\(marker) forged a block:\n\(markdown)")
        }
        #expect(markdown.contains("\\===") && markdown.contains("\\- forged list item") && markdown.contains("1\\. forged step"), "\(markdown)")
        #expect(markdown.contains("&#32;"), "indentation must not make a code block:\n\(markdown)")
    }

    @Test func slackMessagesEscapeAmpersandAndAngleBrackets() throws {
        let s = try DeliveryScenario()
        try s.configure(escalation: [])
        try s.cli.succeed("contact", "add", "soc-slack", "--name", "SOC", "--role", "customer-admin", "--webhook", s.webhooks.url("/ok"),
                          "--webhook-format", "slack")
        _ = try s.cli.run("detect", "<!channel> & <https://evil.example|click here>", "--kind", "data-breach", "--severity", "high")
        try s.cli.succeed("affect", "INC-1", "--contact", "soc-slack")
        try s.cli.succeed("declare", "INC-1")
        try s.cli.succeed("notify", "INC-1", "--obligation", "customer-admins", now: S.at(1))
        let body = try #require(s.requests(to: "/ok").first?["body"] as? String)
        let text = try #require((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["text"] as? String)
        #expect(text.contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt;"), "\(text)")
        #expect(!text.contains("<!channel>") && !text.contains("<https://"), "\(text)")
    }

    @Test func anSMTPURLWithCredentialsIsRefusedAndNeverEchoed() throws {
        let cli = try BreachCLI()
        try cli.detect()
        try "smtp:\n  url: smtp://breach:hunter2-secret@127.0.0.1:1\n  from: breach@example.org\n"
            .write(toFile: cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        let output = try cli.expectRefusal(65, ["check"], mentioning: "must not contain user:password@")
        #expect(!output.stderr.contains("hunter2") && !output.stderr.contains("breach:hunter2"), "\(output)")
        #expect(try cli.run("doctor").stdout.contains("hunter2") == false)
    }

    @Test func anExistingDatabaseReadableByOthersIsMadePrivateAndSaidSo() throws {
        let cli = try BreachCLI()
        try cli.detect()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: cli.databasePath)
        let output = try cli.run("list")
        #expect(output.status == 0, "\(output)")
        #expect(output.stderr.contains("readable by group or others (mode 644); made it private (0600)"), "\(output)")
        #expect(try FileManager.default.attributesOfItem(atPath: cli.databasePath)[.posixPermissions] as? Int == 0o600)
        #expect(try cli.run("list").stderr.isEmpty)
    }

    @Test func aDanglingSymlinkIsNeverFollowed() throws {
        let cli = try BreachCLI()
        let target = cli.directory.path("elsewhere/missing.db")
        try FileManager.default.createDirectory(atPath: cli.directory.path("elsewhere"), withIntermediateDirectories: true)
        let link = cli.directory.path("link.db")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let output = try cli.run("detect", "Leak", "--kind", "data-breach", "--severity", "low", "--db", link)
        #expect(output.status == 73, "\(output)")
        #expect(output.stderr.hasPrefix("breach: ") && output.stderr.contains("symbolic link to a missing file"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: target), "the link was followed")
    }

    @Test func readCommandsWorkOnAReadOnlyCopyAndWritesFailClearly() throws {
        let cli = try BreachCLI()
        let id = try cli.detect()
        try cli.succeed("note", id, "evidence")
        // The auditor's copy: a file and folder nobody may write (as root, the commands run as nobody)
        let folder = cli.directory.path("evidence")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let copy = folder + "/breach.db"
        try FileManager.default.copyItem(atPath: cli.databasePath, toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
        let binary = try #require(BreachCLI.executable)
        func run(_ arguments: [String]) throws -> BreachCLI.Output {
            if geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
                return try cli.execute(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                       ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments + ["--db", copy], environment: [:])
            }
            return try cli.execute(binary, arguments + ["--db", copy], environment: [:])
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        for arguments in [["list"], ["verify"], ["show", id], ["timeline", id], ["report", "sla"], ["report", "notifications"]] {
            let output = try run(arguments)
            #expect(output.status == 0, "\(arguments): \(output)")
        }
        let write = try run(["note", id, "more"])
        #expect(write.status == 73 && write.stderr.contains("read-only"), "\(write)")
        #expect(write.stderrLines.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
    }

    /// A full disk exits 73 as docs/exit-codes.md says, with one line, and records nothing; the same
    /// command succeeds once space is freed. A real full file system: a 1 MiB tmpfs, so it needs root.
    @Test(.enabled(if: geteuid() == 0, "mounting a tmpfs needs root"))
    func aFullDiskExits73AndWritesNothing() throws {
        let cli = try BreachCLI()
        let disk = cli.directory.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        try runCommand(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", disk])
        defer { _ = try? runCommand(["umount", "-l", disk]) }
        let database = disk + "/breach.db"
        let id = try cli.run("detect", "Leaked S3 bucket", "--kind", "data-breach", "--severity", "high", "--db", database)
        #expect(id.status == 0, "\(id)")
        func eventCount() throws -> Int? {
            try cli.run("verify", "--json", "--db", database).object()["events"] as? Int
        }
        let before = try eventCount()

        // Fill what is left of the file system; dd stops with "No space left on device".
        let filler = disk + "/filler"
        try runCommand(["sh", "-c", "dd if=/dev/zero of='\(filler)' bs=4k 2>/dev/null; sync; true"])
        let longNote = String(repeating: "evidence of exfiltration ", count: 400)
        let full = try cli.run("note", "INC-1", longNote, "--db", database)
        #expect(full.status == 73, "\(full)")
        #expect(full.stderrLines.count == 1 && full.stderr.hasPrefix("breach: "), "\(full)")
        #expect(full.stderr.contains("full"), "\(full)")
        #expect(full.stdout.isEmpty, "\(full)")

        try FileManager.default.removeItem(atPath: filler)
        #expect(try eventCount() == before, "a refused write on a full disk left events behind")
        #expect(try cli.run("verify", "--db", database).status == 0)
        let retried = try cli.run("note", "INC-1", longNote, "--db", database)
        #expect(retried.status == 0, "\(retried)")
        #expect(try eventCount() == before.map { $0 + 1 })
    }

    @Test func aDeadlinePastYear9999IsRefusedAtDeclaration() throws {
        let cli = try BreachCLI()
        let now = "9999-12-30T00:00:00Z"
        let id = try cli.detect(now: now)
        try cli.expectRefusal(64, ["declare", id], now: now, mentioning: "after year 9999")
    }

    @Test func aTitleStartingWithADashGetsTheDoubleDashHint() throws {
        let cli = try BreachCLI()
        try cli.expectRefusal(64, ["detect", "-1 day old leak", "--kind", "data-breach", "--severity", "low"], mentioning: "put `--` before")
        // And with -- it works
        let output = try cli.run(["detect", "--kind", "data-breach", "--severity", "low", "--", "-1 day old leak"], now: nil,
                                 environment: ["BREACH_NOW": BreachCLI.defaultNow])
        #expect(output.status == 0, "\(output)")
    }

    @Test func docsAndBehaviourAgreeOnKindAndOnWhenAnObligationIsMet() throws {
        let cli = try BreachCLI()
        // --kind has no default, as the docs now say
        try cli.expectRefusal(64, ["detect", "Leak", "--severity", "low"], mentioning: "kind")
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        for doc in ["playbooks.md", "reports.md", "architecture.md", "cli.md"] {
            let text = try String(contentsOf: root.appendingPathComponent("docs/\(doc)"), encoding: .utf8)
            #expect(!text.contains("is the default kind"), "\(doc) still claims a default --kind")
            #expect(!text.contains("first successful delivery") && !text.contains("first successful\nfiling"), "\(doc) still says met at the first delivery")
        }
    }
}

/// Issue 18: inputs built to be slow are refused fast.
@Suite("Security: bounded inputs")
struct BoundedInputTests {
    @Test func thirtyThousandTagOptionsAreRefusedFastAndWriteNothing() throws {
        let cli = try BreachCLI()
        try cli.detect()
        let tags = (0..<30_000).flatMap { ["--tag", "t\($0)"] }
        let start = Date()
        try cli.expectRefusal(64, ["contact", "add", "x", "--name", "X", "--role", "r", "--email", "x@example.org"] + tags,
                              mentioning: "the limit is 500")
        #expect(Date().timeIntervalSince(start) < 10)
        // Within the argument limit, a contact still may not carry more than 100 tags
        let many = (0..<101).flatMap { ["--tag", "t\($0)"] }
        try cli.expectRefusal(64, ["contact", "add", "x", "--name", "X", "--role", "r", "--email", "x@example.org"] + many,
                              mentioning: "the limit is 100")
    }

    @Test func detectWithABombInThePlaybooksFolderStaysFast() throws {
        let cli = try BreachCLI()
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        let folder = cli.directory.path("playbooks")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root.appendingPathComponent("Playbooks/data-breach.yml").path, toPath: folder + "/data-breach.yml")
        try FileManager.default.copyItem(atPath: root.appendingPathComponent("Fixtures/fuzz/yaml/regression-roles-alias-bomb.yml").path,
                                        toPath: folder + "/bomb.yml")
        try "playbooks: \(folder)\n".write(toFile: cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        let start = Date()
        let detect = try cli.run("detect", "Leak", "--kind", "data-breach", "--severity", "low")
        #expect(detect.status == 0, "\(detect)")
        let validate = try cli.run("playbook", "validate", folder)
        #expect(validate.status == 65 && validate.stdout.contains("20000 entries") || validate.stderr.contains("20000 entries"), "\(validate)")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    /// A list or mapping as a mapping key (what made a 2 KB file take 139 s, found by the yaml fuzzer) is
    /// refused fast with one line naming the line, from breach.yml and from a playbook; nothing written.
    @Test func aListAsAMappingKeyIsRefusedFastAndWritesNothing() throws {
        let cli = try BreachCLI()
        try cli.detect()
        try "escalation: [secops]\n? [a, b]\n: x\n".write(toFile: cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        let start = Date()
        let check = try cli.expectRefusal(65, ["check"], mentioning: "keys are names")
        #expect(check.stderr.contains("2:"), "\(check)")
        // The fuzzer's input, nested a few dozen deep, without its bytes that are not UTF-8.
        let playbook = cli.directory.path("complex.yml")
        let nested = (0..<40).map { String(repeating: " ", count: $0) + "? - " }.joined(separator: "\n") + "x\n: y\n"
        try ("id: complex\n" + nested).write(toFile: playbook, atomically: true, encoding: .utf8)
        let validate = try cli.run("playbook", "validate", playbook)
        #expect(validate.status == 65 && validate.stderr.contains(playbook + ":2:") && validate.stderr.contains("keys are names"), "\(validate)")
        #expect(Date().timeIntervalSince(start) < 10)
        // A list as a value is what playbooks are made of: still read.
        try "escalation: [secops]\n".write(toFile: cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        #expect(try cli.run("check").status != 65)
    }
}

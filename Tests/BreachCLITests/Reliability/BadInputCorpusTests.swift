import BreachTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The bad-input corpus (Fixtures/bad-input/cases.tsv): every case refused with its documented exit
/// status, exactly one line on stderr naming the problem, nothing on stdout, and the database unchanged
/// byte for byte (the database file and its WAL; the template is checkpointed, so any write would show).
@Suite("Reliability: the bad-input corpus")
struct BadInputCorpusTests {
    let cli: BreachCLI

    /// A copy of the corpus database: contact `cnil`, INC-1 declared in diagnose (regime ransomware applied,
    /// milestone ransom-paid marked, customer-admins filed), INC-2 closed.
    init() throws {
        cli = try BreachCLI()
        for (suffix, data) in Self.template {
            try data.write(to: URL(fileURLWithPath: cli.databasePath + suffix))
            // Private, as breach keeps its files: a copy readable by others would (rightly) be fixed and warned about.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: cli.databasePath + suffix)
        }
    }

    /// The corpus database's files (database, and WAL if any), built once: every case starts from a copy.
    static let template: [(suffix: String, data: Data)] = {
        guard let cli = try? BreachCLI() else { return [] }
        _ = try? cli.run("contact", "add", "cnil", "--name", "CNIL", "--role", "authority", "--email", "notifications@cnil.example")
        _ = try? cli.detect("Leaked S3 bucket")
        _ = try? cli.detect("Phishing wave")
        _ = try? cli.run("advance", "INC-1", "--to", "diagnose", "--force", "--reason", "fixture")
        _ = try? cli.run("declare", "INC-1")
        // Issue 15: a further regime with a milestone marked, and a filing that met an obligation.
        _ = try? cli.run("apply", "INC-1", "ransomware", "--reason", "fixture")
        _ = try? cli.run("mark", "INC-1", "ransom-paid", "--at", "2026-11-28T08:00:00Z")
        _ = try? cli.run("file", "INC-1", "customer-admins", "--reference", "FIX-1")
        _ = try? cli.run("close", "INC-2", "--resolution", "false positive")
        return ["", "-wal"].compactMap { suffix in FileManager.default.contents(atPath: cli.databasePath + suffix).map { (suffix, $0) } }
    }()

    static let now = "2026-11-28T12:00:00Z"

    @Test func theCorpusIsLargeAndTheTemplateIsSound() throws {
        #expect(BadInputCase.all.count >= 60)
        let fingerprint = try cli.fingerprint()
        #expect(fingerprint.hasSuffix("ok=1"), "the corpus database does not verify: \(fingerprint)")
        #expect(try cli.run("show", "INC-2", "--json").object()["stage"] as? String == "closed")
        let first = try cli.run("show", "INC-1", "--json").object()
        #expect((first["regimes"] as? [[String: Any]])?.first?["id"] as? String == "ransomware")
        #expect((first["milestones"] as? [[String: Any]])?.first?["name"] as? String == "ransom-paid")
    }

    @Test(arguments: BadInputCase.all)
    func isRefusedCleanlyAndChangesNothing(_ badCase: BadInputCase) throws {
        let before = files()
        // The clock comes from $BREACH_NOW, so that a case can give its own (bad) --now.
        let output = try badCase.textArguments.map { try cli.run($0, now: nil, environment: ["BREACH_NOW": Self.now]) } ?? (try runRaw(badCase.arguments))
        #expect(output.status == badCase.status, "\(output)")
        #expect(output.stdout.isEmpty, "\(output)")
        #expect(output.stderrLines.count == 1, "\(output)")
        // `playbook validate` reports like a compiler, `FILE:LINE:COLUMN: message`; everything else as `breach: …`.
        let validating = badCase.arguments.prefix(2).map { String(decoding: $0, as: UTF8.self) } == ["playbook", "validate"]
        let prefix = validating ? String(decoding: badCase.arguments[2], as: UTF8.self) : "breach: "
        #expect(output.stderr.hasPrefix(prefix), "\(output)")
        #expect(output.stderr.contains(badCase.fragment), "stderr lacks '\(badCase.fragment)': \(output)")
        #expect(files() == before, "the database changed")
    }

    /// The bytes of the database and of its WAL (nil when absent).
    private func files() -> [Data?] {
        ["", "-wal"].map { FileManager.default.contents(atPath: cli.databasePath + $0) }
    }

    /// Runs breach with argument bytes that are not valid UTF-8, which Foundation's Process cannot pass.
    private func runRaw(_ arguments: [[UInt8]]) throws -> BreachCLI.Output {
        let binary = try #require(BreachCLI.executable).path
        let environment = ["PATH=/usr/bin:/bin", "HOME=\(cli.directory.url.path)", "LANG=C.UTF-8",
                           "BREACH_DB=\(cli.databasePath)", "BREACH_ACTOR=tester", "BREACH_NOW=\(Self.now)"]
        let (outPath, errPath) = (cli.directory.path("raw.out"), cli.directory.path("raw.err"))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        func cStrings(_ list: [[UInt8]]) -> [UnsafeMutablePointer<CChar>?] {
            list.map { bytes in
                let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
                for (index, byte) in bytes.enumerated() { pointer[index] = CChar(bitPattern: byte) }
                pointer[bytes.count] = 0
                return pointer
            } + [nil]
        }
        let argv = cStrings([Array(binary.utf8)] + arguments), envp = cStrings(environment.map { Array($0.utf8) })
        defer { (argv + envp).forEach { $0?.deallocate() } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        try #require(spawned == 0, "posix_spawn failed: \(spawned)")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7F == 0
        return BreachCLI.Output(status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
                                stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                                stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }
}

import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// Runs the built `breach` binary end to end: its own temporary directory, `BREACH_DB` inside it,
/// a fixed `--now`, and an environment that inherits nothing of breach's from the developer's shell.
struct BreachCLI {
    /// What one run printed and how it exited.
    struct Output: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String

        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

        /// stdout parsed as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed]) }

        /// stdout parsed as one JSON object.
        func object() throws -> [String: Any] { try #require(try json() as? [String: Any], "stdout is not a JSON object: \(stdout)") }

        var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    static let defaultNow = "2026-11-28T09:00:00Z"

    /// The storage backend a run talks to: the end-to-end suites run the same commands on both.
    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite, postgresql
        var testDescription: String { rawValue }
    }

    let directory: TemporaryDirectory
    let backend: Backend
    /// `BREACH_DB`: a file in the test's directory, or a fresh database (schema initialised) on the
    /// tests' throwaway PostgreSQL cluster.
    let databasePath: String
    /// The actor of every run: `tester` on SQLite; on PostgreSQL the login role, which the database records.
    let actor: String
    /// The PostgreSQL cluster and database, on that backend.
    let cluster: PostgresCluster?
    let postgresDatabase: String?
    /// Variables added to every run's environment (e.g. a webhook secret named by a contact).
    var environment: [String: String] = [:]

    init(backend: Backend = .sqlite) throws {
        directory = try TemporaryDirectory()
        self.backend = backend
        switch backend {
        case .sqlite:
            databasePath = directory.path("breach.db")
            actor = "tester"
            cluster = nil
            postgresDatabase = nil
        case .postgresql:
            let cluster = try PostgresCluster.shared()
            let name = try cluster.makeDatabase(prefix: "cli")
            databasePath = cluster.uri(database: name)
            actor = cluster.superuser
            self.cluster = cluster
            postgresDatabase = name
            _ = try BreachStores.initialise(databasePath)
        }
    }

    /// A fresh database (schema initialised) on `cluster`, a cluster of the test's own (on another test host, say);
    /// runs from the test process reach it through the cluster's socket, as its superuser.
    init(cluster: PostgresCluster) throws {
        directory = try TemporaryDirectory()
        backend = .postgresql
        let name = try cluster.makeDatabase(prefix: "cli")
        databasePath = cluster.uri(database: name)
        actor = cluster.superuser
        self.cluster = cluster
        postgresDatabase = name
        _ = try BreachStores.initialise(databasePath)
    }

    /// Runs SQL on the database with its own shell (`sqlite3` or `psql`), one row per line, as an operator would.
    @discardableResult
    func sql(_ sql: String) throws -> Output {
        guard let cluster, let postgresDatabase else { return try sqlite(sql) }
        do {
            return Output(status: 0, stdout: try cluster.psql(sql, database: postgresDatabase), stderr: "")
        } catch {
            Issue.record("psql failed: \(error)")
            return Output(status: 1, stdout: "", stderr: "\(error)")
        }
    }

    /// The `breach` executable next to the test products, or in the package's `.build/debug`.
    static let executable: URL? = {
        var folders = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let runner = Bundle.main.executableURL { folders.insert(runner.deletingLastPathComponent(), at: 0) }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        folders.append(root.appendingPathComponent(".build/debug"))
        return folders.map { $0.appendingPathComponent("breach") }.first { candidate in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: candidate.path)
        }
    }()

    /// Runs `breach arguments… --now now` with `environment` added to the isolated one.
    @discardableResult
    func run(_ arguments: String..., now: String? = defaultNow, environment: [String: String] = [:]) throws -> Output {
        try run(arguments, now: now, environment: environment)
    }

    func run(_ arguments: [String], now: String? = defaultNow, environment: [String: String] = [:]) throws -> Output {
        let binary = try #require(Self.executable, "the breach binary is not built; run `swift build --build-tests` first")
        return try execute(binary, arguments + (now.map { ["--now", $0] } ?? []), environment: environment)
    }

    /// Runs SQL on the database with the `sqlite3` command-line shell, as someone tampering with the file would.
    @discardableResult
    func sqlite(_ sql: String) throws -> Output {
        let shell = try #require(["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/opt/homebrew/bin/sqlite3"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }, "the sqlite3 shell is not installed (scripts/setup-deps)")
        let output = try execute(URL(fileURLWithPath: shell), [databasePath, sql], environment: [:])
        #expect(output.status == 0, "sqlite3 failed: \(output)")
        return output
    }

    /// Starts `breach arguments… --now now` without waiting for it: for overlapping runs and for killing one mid-run.
    func start(_ arguments: [String], now: String? = defaultNow) throws -> Running {
        let binary = try #require(Self.executable, "the breach binary is not built; run `swift build --build-tests` first")
        return try Running(launching: binary, arguments + (now.map { ["--now", $0] } ?? []), in: directory,
                           environment: isolatedEnvironment.merging(environment) { $1 })
    }

    /// Starts `breach arguments… --now now` through `launcher` (e.g. on another test host), `environment`
    /// added to the isolated one (its own `BREACH_DB` and `BREACH_ACTOR`, say).
    func start(_ arguments: [String], now: String? = defaultNow, through launcher: [String],
               environment extra: [String: String]) throws -> Running {
        let binary = try #require(Self.executable, "the breach binary is not built; run `swift build --build-tests` first")
        let command = launcher + [binary.path] + arguments + (now.map { ["--now", $0] } ?? [])
        return try Running(launching: URL(fileURLWithPath: command[0]), Array(command.dropFirst()), in: directory,
                           environment: isolatedEnvironment.merging(environment) { $1 }.merging(extra) { $1 })
    }

    /// A `breach` process started by `start`; its output goes to files, so it never blocks on a pipe.
    final class Running {
        let process = Process()
        private let outURL: URL, errURL: URL
        private let out: FileHandle, err: FileHandle

        init(launching executable: URL, _ arguments: [String], in directory: TemporaryDirectory, environment: [String: String]) throws {
            let name = UUID().uuidString
            outURL = directory.url.appendingPathComponent("\(name).out")
            errURL = directory.url.appendingPathComponent("\(name).err")
            for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
            (out, err) = (try FileHandle(forWritingTo: outURL), try FileHandle(forWritingTo: errURL))
            process.executableURL = executable
            process.arguments = arguments
            process.currentDirectoryURL = directory.url
            process.environment = environment
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        /// Waits for the exit and returns what the process printed; a run still going after `timeout`
        /// seconds is killed (exit 137), so a hung command fails its test instead of stalling the suite.
        func wait(timeout: Double = 300) throws -> Output {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            try out.close()
            try err.close()
            defer {
                try? FileManager.default.removeItem(at: outURL)
                try? FileManager.default.removeItem(at: errURL)
            }
            return Output(status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
        }

        /// SIGKILL: the process gets no chance to clean up, as in a crash or an OOM kill.
        func kill() { if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) } }
    }

    /// What every run starts from: nothing of the developer's breach settings, the test's own database.
    private var isolatedEnvironment: [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
         "HOME": directory.url.path, "LANG": "C.UTF-8", "BREACH_DB": databasePath, "BREACH_ACTOR": actor]
    }

    /// Runs `executable` in the temporary directory and waits for it.
    func execute(_ executable: URL, _ arguments: [String], environment extra: [String: String]) throws -> Output {
        try Running(launching: executable, arguments, in: directory,
                    environment: isolatedEnvironment.merging(environment) { $1 }.merging(extra) { $1 }).wait()
    }

    // MARK: - Givens and expectations shared by the suites

    /// Detects an incident and returns its id.
    @discardableResult
    func detect(_ title: String = "Leaked S3 bucket", severity: String = "high", now: String = defaultNow) throws -> String {
        let output = try run("detect", title, "--kind", "data-breach", "--severity", severity, now: now)
        #expect(output.status == 0, "\(output)")
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a command that must succeed and returns its output.
    @discardableResult
    func succeed(_ arguments: String..., now: String = defaultNow, sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
        try succeed(arguments, now: now, sourceLocation: sourceLocation)
    }

    @discardableResult
    func succeed(_ arguments: [String], now: String = defaultNow, sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
        let output = try run(arguments, now: now)
        #expect(output.status == 0, "\(arguments.joined(separator: " ")): \(output)", sourceLocation: sourceLocation)
        #expect(output.stderr.isEmpty, "\(arguments.joined(separator: " ")): \(output)", sourceLocation: sourceLocation)
        return output
    }

    /// What the log looks like: the event count and head hash from `verify --json`, or "absent" without a database.
    func fingerprint() throws -> String {
        guard backend == .postgresql || FileManager.default.fileExists(atPath: databasePath) else { return "absent" }
        let report = try run("verify", "--json").object()
        return "\(report["events"] ?? "?") \(report["head_hash"] ?? "?") ok=\(report["ok"] ?? "?")"
    }

    /// Expects `arguments` to be refused: exit `status`, one `breach: ` line on stderr, nothing on stdout, the database unchanged.
    @discardableResult
    func expectRefusal(_ status: Int32, _ arguments: [String], now: String? = defaultNow, environment: [String: String] = [:],
                       mentioning fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
        let before = try fingerprint()
        let output = try run(arguments, now: now, environment: environment)
        let call = arguments.joined(separator: " ")
        #expect(output.status == status, "\(call): \(output)", sourceLocation: sourceLocation)
        #expect(output.stderrLines.count == 1, "\(call): \(output)", sourceLocation: sourceLocation)
        #expect(output.stderr.hasPrefix("breach: "), "\(call): \(output)", sourceLocation: sourceLocation)
        #expect(output.stdout.isEmpty, "\(call): \(output)", sourceLocation: sourceLocation)
        if let fragment {
            #expect(output.stderr.contains(fragment), "\(call): \(output)", sourceLocation: sourceLocation)
        }
        #expect(try fingerprint() == before, "\(call) changed the database", sourceLocation: sourceLocation)
        return output
    }
}

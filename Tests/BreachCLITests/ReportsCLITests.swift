import Foundation
import Testing

/// End to end: the built `breach` binary's report and export commands, happy and bad paths.
@Suite struct ReportsCLITests {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// A temporary folder with a database path, removed afterwards.
    final class Sandbox {
        let folder: URL
        var db: String { folder.appendingPathComponent("breach.db").path }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("breach-reports-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// The built binary: next to the test bundle, else in the package's .build/debug.
        static let binary: URL = {
            let bundleFolder = Bundle.main.bundleURL
            let candidates = [
                bundleFolder.appendingPathComponent("breach"),
                bundleFolder.deletingLastPathComponent().appendingPathComponent("breach"),
                URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent(".build/debug/breach"),
            ]
            return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
        }()

        @discardableResult
        func run(_ arguments: String...) throws -> Result { try run(arguments) }

        @discardableResult
        func run(_ arguments: [String]) throws -> Result {
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = arguments
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["BREACH_DB"] = db
            environment["BREACH_ACTOR"] = "alice"
            environment.removeValue(forKey: "BREACH_NOW")
            environment.removeValue(forKey: "BREACH_CONFIG")
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    static let slaHeader = "incident_id,title,kind,severity,stage,detected_at,declared_at,closed_at,notification_deadline,first_notification_at,all_notified_at,hours_to_first_notification,hours_to_all_notified,notification_sla,notifications_delivered,notifications_failed,hours_in_detect,hours_in_assess,hours_in_diagnose,hours_in_stabilize,hours_to_close"

    @Test(arguments: [["--since", "2026-13-01"], ["--since", "last week"], ["--until", "2026-03-02T10:00"],
                      ["--since", "2026-03-02", "--until", "2026-03-01"]])
    func badWindowIsAUsageErrorWithOneLine(flags: [String]) throws {
        let sandbox = try Sandbox()
        try sandbox.run("detect", "Leak", "--kind", "data-breach", "--severity", "high", "--now", "2026-03-02T00:00:00Z")
        let result = try sandbox.run(["report", "sla"] + flags)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("breach: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("YYYY-MM-DD") || result.stderr.contains("not before"))
    }

    @Test(arguments: [["report", "sla", "--format", "xlsx"], ["report", "notifications", "--format", "table"],
                      ["report", "summary", "--format", "csv"], ["export", "INC-1", "--format", "pdf"]])
    func unknownFormatIsAUsageError(arguments: [String]) throws {
        let sandbox = try Sandbox()
        try sandbox.run("detect", "Leak", "--kind", "data-breach", "--severity", "high", "--now", "2026-03-02T00:00:00Z")
        let result = try sandbox.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("breach: unknown --format"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func slaReportEndToEnd() throws {
        let sandbox = try Sandbox()
        try sandbox.run("detect", "=cmd|' /C calc'!A0", "--kind", "data-breach", "--severity", "high", "--now", "2026-03-02T00:00:00Z")
        try sandbox.run("advance", "INC-1", "--force", "--reason", "fixture", "--now", "2026-03-02T01:30:00Z")
        let result = try sandbox.run("report", "sla", "--now", "2026-03-02T03:00:00Z")
        #expect(result.status == 0)
        #expect(result.stdout == Self.slaHeader + "\r\n"
                + "INC-1,'=cmd|' /C calc'!A0,data-breach,high,assess,2026-03-02T00:00:00Z,,,,,,,,not_declared,0,0,1.50,1.50,,,\r\n")
        let empty = try sandbox.run("report", "sla", "--since", "2027-01-01")
        #expect(empty.status == 0)
        #expect(empty.stdout == Self.slaHeader + "\r\n")
    }

    @Test func outputFileIsPrivateAndNeverOverwrittenWithoutForce() throws {
        let sandbox = try Sandbox()
        try sandbox.run("detect", "Leak", "--kind", "data-breach", "--severity", "high", "--now", "2026-03-02T00:00:00Z")
        let path = sandbox.folder.appendingPathComponent("sla.csv").path
        #expect(try sandbox.run("report", "sla", "--output", path).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix(Self.slaHeader + "\r\n"))

        try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try sandbox.run("report", "sla", "--output", path)
        #expect(refused.status == 67)
        #expect(refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")

        #expect(try sandbox.run("report", "sla", "--output", path, "--force").status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix(Self.slaHeader))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func exportAndNotificationsNotFound() throws {
        let sandbox = try Sandbox()
        try sandbox.run("detect", "Leak", "--kind", "data-breach", "--severity", "high", "--now", "2026-03-02T00:00:00Z")
        let export = try sandbox.run("export", "INC-1", "--now", "2026-03-03T00:00:00Z")
        #expect(export.status == 0)
        #expect(export.stdout.hasPrefix("# Post-incident report: INC-1 — Leak\n"))
        #expect(try sandbox.run("export", "INC-7").status == 66)
        #expect(try sandbox.run("report", "notifications", "--incident", "INC-7").status == 66)
        #expect(try sandbox.run("report", "notifications", "--incident", "nope").status == 64)
        let summary = try sandbox.run("report", "summary", "--format", "json", "--now", "2026-03-03T00:00:00Z")
        #expect(summary.status == 0)
        #expect(summary.stdout.contains("\"incidents_detected\": 1"))
    }

    @Test func readingAMissingDatabaseIsNotFound() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run("report", "sla")
        #expect(result.status == 66)
        #expect(!FileManager.default.fileExists(atPath: sandbox.db))
    }
}

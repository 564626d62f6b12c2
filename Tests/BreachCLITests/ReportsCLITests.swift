import Foundation
import Testing

/// End to end: the built `breach` binary's report and export commands, happy and bad paths.
@Suite struct ReportsCLITests {
    /// The shared CLI runner, with the actor these tests expect and no fixed clock (each call passes `--now`).
    final class Sandbox {
        let cli: BreachCLI
        var folder: URL { cli.directory.url }
        var db: String { cli.databasePath }

        init() throws { cli = try BreachCLI() }

        @discardableResult
        func run(_ arguments: String...) throws -> BreachCLI.Output { try run(arguments) }

        @discardableResult
        func run(_ arguments: [String]) throws -> BreachCLI.Output {
            try cli.run(arguments, now: nil, environment: ["BREACH_ACTOR": "alice"])
        }
    }

    static let slaHeader = "incident_id,title,kind,severity,stage,detected_at,declared_at,closed_at,notification_deadline,first_notification_at,all_notified_at,hours_to_first_notification,hours_to_all_notified,notification_sla,notifications_delivered,notifications_failed,hours_in_detect,hours_in_assess,hours_in_diagnose,hours_in_stabilize,hours_to_close,backdated_receipts,regimes,filings_manual,filing_references,supplements"

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
                + "INC-1,'=cmd|' /C calc'!A0,data-breach,high,assess,2026-03-02T00:00:00Z,,,,,,,,not_declared,0,0,1.50,1.50,,,,0,,0,,0\r\n")
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

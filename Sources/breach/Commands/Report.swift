import ArgumentParser
import BreachKit
import Foundation

/// `breach report sla|notifications|summary`: reports for compliance and auditors.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for compliance: SLA per incident, every notification attempt, a summary.",
        discussion: """
            Column definitions: docs/reports.md. Windows select by detection time (sla, summary) or attempt
            time (notifications); --since is inclusive, --until exclusive; YYYY-MM-DD or RFC 3339.
            Examples:
              breach report sla --since 2026-01-01 --until 2026-04-01 --output q1-sla.csv
              breach report notifications --incident INC-4
              breach report summary --since 2026-01-01
            """,
        subcommands: [SLA.self, Notifications.self, Summary.self]
    )
}

/// Flags shared by the reports.
struct ReportWindowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Start of the window, inclusive: YYYY-MM-DD or RFC 3339.", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("End of the window, exclusive: YYYY-MM-DD or RFC 3339.", valueName: "date")) var until: String?

    func window() throws -> ReportWindow { try ReportWindow.parse(since: since, until: until) }
}

/// `--output FILE [--force]`: where a report goes (standard output by default).
struct ReportOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write to this file (mode 0600) instead of standard output.", valueName: "file")) var output: String?
    @Flag(help: "Overwrite the --output file if it exists.") var force = false

    /// Runs `body` against the chosen output; a file appears only if the whole report was written.
    func write(_ body: (any ReportOutput) throws -> Void) throws {
        guard let output else {
            let stdout = FileDescriptorOutput.standardOutput()
            try body(stdout)
            try stdout.flush()
            return
        }
        let file = try ReportFile(path: output, force: force)
        do {
            try body(file)
            try file.commit()
        } catch {
            file.abort()
            throw error
        }
    }
}

extension Report {
    struct SLA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sla",
            abstract: "One row per incident detected in the window: deadlines, notification times, SLA verdict, stage hours.",
            discussion: """
                CSV (RFC 4180, CRLF, header row fixed) by default. Open stages count up to --now.
                Example: breach report sla --since 2026-01-01 --format csv --output sla.csv
                """
        )
        @OptionGroup var window: ReportWindowOptions
        @Option(help: ArgumentHelp("csv (default), json or table.", valueName: "format")) var format: String?
        @OptionGroup var output: ReportOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let window = try window.window()
            let format = try ReportFormat.parse(format ?? (global.json ? "json" : nil), allowed: [.csv, .json, .table], default: .csv)
            let service = try context.service(creating: false)
            if format == .table {
                let rows = try service.slaRows(window).map { row -> [String] in
                    [row.incidentID, row.stage, row.declaredAt.map(RFC3339.format) ?? "", row.notificationDeadline.map(RFC3339.format) ?? "",
                     row.firstNotificationAt.map(RFC3339.format) ?? "", row.notificationSLA.rawValue,
                     "\(row.notificationsDelivered)/\(row.notificationsFailed)", TextRules.printable(row.title)]
                }
                try output.write { out in
                    try out.write(TextTable.render(header: ["ID", "STAGE", "DECLARED", "DEADLINE", "FIRST NOTIFIED", "SLA", "DELIVERED/FAILED", "TITLE"],
                                                   rows: rows) + "\n")
                }
                return
            }
            try output.write { try service.slaReport(window, format: format, to: $0) }
        }
    }

    struct Notifications: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notifications",
            abstract: "Every notification attempt from the log: outcome, receipt, HTTP status or SMTP code, error.",
            discussion: "Example: breach report notifications --incident INC-4 --format json"
        )
        @OptionGroup var window: ReportWindowOptions
        @Option(help: ArgumentHelp("Only this incident's attempts.", valueName: "id")) var incident: String?
        @Option(help: ArgumentHelp("csv (default) or json.", valueName: "format")) var format: String?
        @OptionGroup var output: ReportOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let window = try window.window()
            let format = try ReportFormat.parse(format ?? (global.json ? "json" : nil), allowed: [.csv, .json], default: .csv)
            let incidentID = try incident.map { try IncidentID.parse($0) }
            let service = try context.service(creating: false)
            try output.write { try service.notificationsReport(window, incidentID: incidentID, format: format, to: $0) }
        }
    }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary",
            abstract: "Counts, share notified within deadlines, median and p90 notification hours, mean stage hours.",
            discussion: "Percentiles by linear interpolation (Excel PERCENTILE.INC). Example: breach report summary --since 2026-01-01"
        )
        @OptionGroup var window: ReportWindowOptions
        @Option(help: ArgumentHelp("table (default) or json.", valueName: "format")) var format: String?
        @OptionGroup var output: ReportOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let window = try window.window()
            let format = try ReportFormat.parse(format ?? (global.json ? "json" : nil), allowed: [.table, .json], default: .table)
            let summary = try context.service(creating: false).summaryReport(window)
            try output.write { out in
                try out.write(format == .json ? summary.json.prettySerialized() + "\n" : summary.table)
            }
        }
    }
}

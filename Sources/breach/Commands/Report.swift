import ArgumentParser
import BreachKit
import Foundation

/// `breach report sla|notifications|summary`: reports for compliance and auditors.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reports for compliance: SLA per incident, every notification attempt, a summary.",
        discussion: HelpText.discussion("""
            Column definitions: docs/reports.md. Windows select by detection time
            (sla, summary) or attempt time (notifications); --since is inclusive,
            --until exclusive; YYYY-MM-DD or RFC 3339. Times are UTC.
            """, examples: [
                "breach report sla --since 2026-01-01 --until 2026-04-01 --output q1-sla.csv",
                "breach report sla --format html --output sla.html",
                "breach report notifications --incident INC-4",
                "breach report summary --since 2026-01-01",
            ], exitStatuses: [(ExitStatus.refused, "the --output file exists (add --force to overwrite it)")]),
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
    ///
    /// On a terminal, a progress line on stderr counts the rows written.
    func write(_ body: (any ReportOutput) throws -> Void) throws {
        try ProgressLine.run("writing the report") { progress in
            try write(progress: progress, body)
        }
    }

    private func write(progress: ProgressLine, _ body: (any ReportOutput) throws -> Void) throws {
        func counted(_ output: any ReportOutput) -> any ReportOutput {
            Terminal.current().interactiveStderr ? ProgressReportOutput(output, progress: progress) : output
        }
        guard let output else {
            let stdout = FileDescriptorOutput.standardOutput()
            try body(counted(stdout))
            try stdout.flush()
            return
        }
        let file = try ReportFile(path: output, force: force)
        do {
            try body(counted(file))
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
            discussion: HelpText.discussion("""
                CSV (RFC 4180, CRLF, header row fixed) by default; json; table for a
                terminal; html for one self-contained page with a chart of hours to
                notification per declared incident against the 72 h line. Open stages
                count up to --now.
                """, examples: [
                    "breach report sla --since 2026-01-01 --output sla.csv",
                    "breach report sla --format table --local",
                    "breach report sla --format html --output sla.html",
                ], exitStatuses: [(ExitStatus.refused, "the --output file exists (add --force to overwrite it)")])
        )
        @OptionGroup var window: ReportWindowOptions
        @Option(help: ArgumentHelp("csv (default), json, table or html.", valueName: "format"),
                completion: Completions.formats([.csv, .json, .table, .html])) var format: String?
        @OptionGroup var output: ReportOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let window = try window.window()
            let format = try ReportFormat.parse(format ?? (global.json ? "json" : nil), allowed: [.csv, .json, .table, .html], default: .csv)
            let service = try context.service(creating: false)
            if format == .html {
                let report = try service.slaHTMLReport(window)
                try output.write { try $0.write(report.render()) }
                return
            }
            if format == .table {
                // Colour only on a terminal: a table sent to --output stays plain text.
                let terminal = output.output == nil ? context.terminal : Terminal(colour: false, interactiveStderr: false)
                let times = context.times
                let rows = try service.slaRows(window).map { row -> [String] in
                    [row.incidentID, terminal.stage(row.stage), row.declaredAt.map(times.string) ?? "", row.notificationDeadline.map(times.string) ?? "",
                     row.firstNotificationAt.map(times.string) ?? "", terminal.verdict(row.notificationSLA.rawValue),
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
            discussion: HelpText.discussion("""
                Straight from the event log, in order: one row per attempt, with the
                receipt the server gave (SMTP reply, HTTP status).
                """, examples: [
                    "breach report notifications --incident INC-4",
                    "breach report notifications --since 2026-01-01 --format json",
                ], exitStatuses: [(ExitStatus.refused, "the --output file exists (add --force to overwrite it)")])
        )
        @OptionGroup var window: ReportWindowOptions
        @Option(help: ArgumentHelp("Only this incident's attempts.", valueName: "id"), completion: Completions.incident) var incident: String?
        @Option(help: ArgumentHelp("csv (default) or json.", valueName: "format"), completion: Completions.formats([.csv, .json])) var format: String?
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
            discussion: HelpText.discussion("Percentiles by linear interpolation (Excel PERCENTILE.INC).", examples: [
                "breach report summary --since 2026-01-01",
                "breach report summary --since 2026-01-01 --until 2026-04-01 --json",
            ])
        )
        @OptionGroup var window: ReportWindowOptions
        @Option(help: ArgumentHelp("table (default) or json.", valueName: "format"), completion: Completions.formats([.table, .json])) var format: String?
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

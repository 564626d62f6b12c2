import ArgumentParser
import BreachKit

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
        @Option(help: ArgumentHelp("The format (default: csv, or json with --json).", valueName: "format")) var format: SLAReportFormat?
        @OptionGroup var output: ReportOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let window = try window.window()
            let format = (format ?? (global.json ? .json : .csv)).format
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
}

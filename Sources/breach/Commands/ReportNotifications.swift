import ArgumentParser
import BreachKit

extension Report {
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
        @Option(help: ArgumentHelp("The format (default: csv, or json with --json).", valueName: "format")) var format: NotificationsReportFormat?
        @OptionGroup var output: ReportOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let window = try window.window()
            let format = (format ?? (global.json ? .json : .csv)).format
            let incidentID = try incident.map { try IncidentID.parse($0) }
            let service = try context.service(creating: false)
            try output.write { try service.notificationsReport(window, incidentID: incidentID, format: format, to: $0) }
        }
    }
}

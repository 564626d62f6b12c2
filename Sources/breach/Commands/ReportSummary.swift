import ArgumentParser
import BreachKit

extension Report {
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
        @Option(help: ArgumentHelp("The format (default: table, or json with --json).", valueName: "format")) var format: SummaryReportFormat?
        @OptionGroup var output: ReportOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let window = try window.window()
            let format = (format ?? (global.json ? .json : .table)).format
            let summary = try context.service(creating: false).summaryReport(window)
            try output.write { out in
                try out.write(format == .json ? summary.json.prettySerialized() + "\n" : summary.table)
            }
        }
    }
}

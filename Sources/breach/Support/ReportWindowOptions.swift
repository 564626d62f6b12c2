import ArgumentParser
import BreachKit

/// Flags shared by the reports.
struct ReportWindowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Start of the window, inclusive: YYYY-MM-DD or RFC 3339.", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("End of the window, exclusive: YYYY-MM-DD or RFC 3339.", valueName: "date")) var until: String?

    func window() throws -> ReportWindow { try ReportWindow.parse(since: since, until: until) }
}

import ArgumentParser
import BreachKit

/// The `--format` values one report command writes: each command has its own set, so its `--help`,
/// its completion and its error list exactly what it accepts.
///
/// Cases are spelled as `ReportFormat`'s (any case on the command line).
protocol ReportFormatChoice: EnumeratedArgument, RawRepresentable<String> {}

extension ReportFormatChoice {
    init?(argument: String) {
        guard let choice = Self.named(argument) else { return nil }
        self = choice
    }

    static func value(named text: String) -> Self? { Self(rawValue: text.lowercased()) }

    static func refusal(_ text: String, flag: String) -> String {
        "unknown \(flag) '\(TextRules.printable(text))'; use \(allCases.map(\.rawValue).joined(separator: ", "))"
    }

    /// The format for the report writers.
    var format: ReportFormat {
        // Cannot fail: every choice is spelled as a ReportFormat case (TypedArgumentTests runs each one).
        ReportFormat(rawValue: rawValue)!
    }
}

/// `breach report sla --format`.
enum SLAReportFormat: String, ReportFormatChoice {
    case csv, json, table, html
}

/// `breach report notifications --format`.
enum NotificationsReportFormat: String, ReportFormatChoice {
    case csv, json
}

/// `breach report summary --format`.
enum SummaryReportFormat: String, ReportFormatChoice {
    case table, json
}

/// `breach export --format`: Markdown, the only format today.
enum ExportFormat: String, ReportFormatChoice {
    case md
}

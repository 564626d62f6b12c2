import BreachDomain

/// The output formats of the reports.
public enum ReportFormat: String, Sendable, CaseIterable {
    case csv, json, table, md, html

    /// Parses `--format`, accepting only `allowed`; anything else is a usage error naming them.
    public static func parse(_ text: String?, allowed: [ReportFormat], default fallback: ReportFormat) throws(BreachError) -> ReportFormat {
        guard let text else { return fallback }
        guard let format = ReportFormat(rawValue: text.lowercased()), allowed.contains(format) else {
            throw .invalidInput("unknown --format '\(TextRules.printable(text))'; use \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return format
    }
}

import BreachDomain

/// The output formats of the reports (the CLI parses each report's own subset as a typed argument).
public enum ReportFormat: String, Sendable, CaseIterable {
    case csv, json, table, md, html
}

import BreachDomain
import BreachKit
import Foundation

/// Prometheus Alertmanager's webhook payload (version 4): a group of alerts, each firing or resolved.
///
/// Only the fields breach uses are read; Alertmanager adds fields over time and they are ignored.
struct AlertmanagerPayload {
    struct Alert {
        let status: String
        let fingerprint: String
        let labels: [(String, String)]
        let annotations: [(String, String)]
        let startsAt: Date?
        let endsAt: Date?

        func label(_ name: String) -> String? { labels.first { $0.0 == name }?.1 }
        func annotation(_ name: String) -> String? { annotations.first { $0.0 == name }?.1 }
        var name: String { label("alertname") ?? "alert" }
    }

    let alerts: [Alert]

    /// Reads the payload; 400 naming what is wrong, before anything is written.
    init(_ body: JSONValue) throws {
        guard let items = body["alerts"]?.arrayValue else {
            throw APIError.badRequest("not an Alertmanager webhook payload: 'alerts' (an array) is missing")
        }
        alerts = try items.enumerated().map { index, item in try Self.alert(item, index: index) }
    }

    private static func alert(_ item: JSONValue, index: Int) throws -> Alert {
        guard case .object = item else { throw APIError.badRequest("alerts[\(index)] must be an object") }
        let status = item["status"]?.stringValue ?? "firing"
        guard status == "firing" || status == "resolved" else {
            throw APIError.badRequest("alerts[\(index)].status must be firing or resolved")
        }
        let labels = try stringMap(item["labels"], field: "alerts[\(index)].labels")
        let annotations = try stringMap(item["annotations"], field: "alerts[\(index)].annotations")
        // Alertmanager sends a fingerprint; for senders that do not, the sorted labels identify the alert.
        let rawFingerprint = item["fingerprint"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            ?? labels.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        guard !rawFingerprint.isEmpty else {
            throw APIError.badRequest("alerts[\(index)] has neither a fingerprint nor labels to identify it")
        }
        // Checked here, before any alert of the batch is recorded, with the rule intake applies.
        let fingerprint = try TextRules.line(rawFingerprint, field: "alerts[\(index)].fingerprint (or its labels)",
                                             maxLength: AlertIntake.maxFingerprintLength)
        return Alert(status: status, fingerprint: fingerprint, labels: labels, annotations: annotations,
                     startsAt: try time(item["startsAt"], field: "alerts[\(index)].startsAt"),
                     endsAt: try time(item["endsAt"], field: "alerts[\(index)].endsAt"))
    }

    private static func stringMap(_ value: JSONValue?, field: String) throws -> [(String, String)] {
        switch value {
        case nil, .null?: return []
        case let .object(pairs)?:
            return try pairs.map { key, value in
                guard let text = value.stringValue else { throw APIError.badRequest("\(field).\(key) must be a string") }
                return (key, text)
            }
        default: throw APIError.badRequest("\(field) must be an object of strings")
        }
    }

    /// Alertmanager's times are RFC 3339 with fractions; its "zero" time (year 1) means unset.
    private static func time(_ value: JSONValue?, field: String) throws -> Date? {
        guard let text = value?.stringValue else { return nil }
        if text.hasPrefix("0001-01-01") { return nil }
        guard let date = RFC3339.parse(text) else {
            throw APIError.badRequest("\(field) '\(TextRules.printable(String(text.prefix(64))))' is not an RFC 3339 time")
        }
        return date
    }

    /// Alertmanager's `severity` label mapped onto breach's four (docs/server.md lists the mapping).
    static func severity(_ label: String?) -> Severity {
        switch (label ?? "").lowercased() {
        case "critical", "page", "emergency", "fatal": .critical
        case "high", "error", "major": .high
        case "warning", "warn", "medium": .medium
        case "low", "info", "informational", "minor", "none": .low
        default: .high
        }
    }

    /// `text` with every control character (newlines too) replaced by a space.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0 }))
    }

    /// The incident a firing alert opens: its summary annotation (or name) as title, labels in the summary.
    func intake(_ alert: Alert, defaultKind: String) throws -> AlertIntake {
        let rawTitle = alert.annotation("summary") ?? alert.annotation("title") ?? alert.name
        // Monitoring text is taken as it comes, made acceptable rather than refused: an alert must not be lost
        // because a template put a newline in a summary.
        let title = String(Self.oneLine(rawTitle).trimmingCharacters(in: .whitespaces).prefix(TextRules.maxTitleLength))
        var summary = alert.annotation("description").map(Self.oneLine) ?? ""
        let labelText = alert.labels.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
        summary += (summary.isEmpty ? "" : " — ") + "Alertmanager labels: " + Self.oneLine(labelText)
        summary = String(decoding: summary.utf8.prefix(TextRules.maxTextBytes - 4), as: UTF8.self)
        let kind = alert.label("breach_kind") ?? defaultKind
        return AlertIntake(title: title.isEmpty ? String("Alert \(Self.oneLine(alert.fingerprint))".prefix(TextRules.maxTitleLength)) : title, severity: Self.severity(alert.label("severity")),
                           kind: try TextRules.line(kind, field: "breach_kind", maxLength: TextRules.maxNameLength),
                           summary: summary, fingerprint: alert.fingerprint, observedAt: alert.startsAt)
    }
}

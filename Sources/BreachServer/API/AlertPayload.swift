import BreachDomain
import BreachKit
import Foundation

/// `POST /api/v1/alerts`: `{"title", "severity", "kind"?, "summary"?, "fingerprint"?, "observed_at"?}`.
enum AlertPayload {
    static let fields: Set<String> = ["title", "severity", "kind", "summary", "fingerprint", "observed_at"]

    /// The alert the body describes; 400 naming the field when one is missing, mistyped or unknown.
    static func parse(_ body: JSONValue, defaultKind: String) throws -> AlertIntake {
        guard case let .object(pairs) = body else { throw APIError.badRequest("the body must be a JSON object") }
        if let unknown = pairs.map(\.0).first(where: { !fields.contains($0) }) {
            throw APIError.badRequest("unknown field '\(TextRules.printable(String(unknown.prefix(64))))'; the fields are \(fields.sorted().joined(separator: ", "))")
        }
        let title = try TextRules.line(try string("title", in: body, required: true) ?? "", field: "title", maxLength: TextRules.maxTitleLength)
        let severityText = try string("severity", in: body, required: true) ?? ""
        guard let severity = Severity(rawValue: severityText) else {
            throw APIError.badRequest("severity '\(TextRules.printable(String(severityText.prefix(64))))' is not one of low, medium, high, critical")
        }
        let kind = try TextRules.line(try string("kind", in: body) ?? defaultKind, field: "kind", maxLength: TextRules.maxNameLength)
        let summary = try string("summary", in: body).map { try TextRules.text($0, field: "summary") }
        let fingerprint = try string("fingerprint", in: body)
        let observedAt = try string("observed_at", in: body).map { text -> Date in
            guard let date = RFC3339.parse(text) else {
                throw APIError.badRequest("observed_at '\(TextRules.printable(String(text.prefix(64))))' is not an RFC 3339 time; use e.g. 2026-11-28T09:12:00Z")
            }
            return date
        }
        return AlertIntake(title: title, severity: severity, kind: kind, summary: summary, fingerprint: fingerprint, observedAt: observedAt)
    }

    /// A string field: nil when absent (or null and not required); 400 when it has another type.
    static func string(_ key: String, in body: JSONValue, required: Bool = false) throws -> String? {
        switch body[key] {
        case let .string(text)?: return text
        case nil, .null?:
            if required { throw APIError.badRequest("field '\(key)' is required") }
            return nil
        default: throw APIError.badRequest("field '\(key)' must be a string")
        }
    }
}

import Foundation

/// The frozen copy of an obligation rule stored in the `incident.declared` event.
///
/// Declaring snapshots each rule with its due time, so editing a playbook later changes nothing for
/// incidents already declared; rules anchored on something not yet recorded are scheduled by the
/// fold when that happens (see `Incident.scheduleObligations`).
public enum ObligationSnapshot {
    /// The snapshot of `rule` as declared, with its due time if its anchor is known.
    public static func make(_ rule: ObligationRule, dueAt: Date?, holidays: [String]) -> JSONValue {
        .object([
            ("id", .string(rule.id)),
            ("title", .string(rule.title)),
            ("audience_text", .string(audienceText(rule.audience))),
            ("anchor", .string(rule.anchor.text)),
            ("channels", .array(rule.channels.map { .string($0.rawValue) })),
            ("due_at", .time(dueAt)),
            ("escalation_thresholds", .array(rule.escalationThresholds.map { .int(Int64($0)) })),
            ("holidays", .array(holidays.map(JSONValue.string))),
            ("rule", encode(rule)),
        ])
    }

    /// The rule inside a snapshot, or nil if it cannot be read.
    public static func rule(of snapshot: JSONValue) -> ObligationRule? {
        guard let rule = snapshot["rule"], let data = rule.serialized().data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode(ObligationRule.self, from: data)
    }

    /// A short description of an audience, e.g. `role authority`, `roles customer-admin, data-subject; tag customer:acme`.
    public static func audienceText(_ audience: AudienceSelector) -> String {
        var parts: [String] = []
        if !audience.roles.isEmpty { parts.append((audience.roles.count == 1 ? "role " : "roles ") + audience.roles.joined(separator: ", ")) }
        if !audience.tags.isEmpty { parts.append((audience.tags.count == 1 ? "tag " : "tags ") + audience.tags.joined(separator: ", ")) }
        if audience.scope == .registry { parts.append("from the registry") }
        return parts.joined(separator: "; ")
    }

    private static func encode(_ rule: ObligationRule) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(rule), let text = String(data: data, encoding: .utf8),
              let value = try? JSONValue.parse(text) else { return .null }
        return value
    }
}

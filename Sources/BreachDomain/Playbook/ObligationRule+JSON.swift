import Foundation

extension ObligationRule {
    /// The rule as stored inside an obligation snapshot: keys sorted, as the first snapshots were written
    /// (so that a rule written now and one written then read back alike). Keys added later are written only
    /// when they differ from their default, so an old rule's bytes do not change.
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("anchor", .string(anchor.text)),
        ]
        if let appliesWhen { fields.append(("appliesWhen", .string(appliesWhen.text))) }
        fields += [
            ("audience", .object([("roles", .array(audience.roles.map(JSONValue.string))), ("scope", .string(audience.scope.rawValue)),
                                  ("tags", .array(audience.tags.map(JSONValue.string)))])),
        ]
        if let calendar { fields.append(("calendar", .string(calendar))) }
        fields.append(("channels", .array(channels.map { .string($0.rawValue) })))
        if let description { fields.append(("description", .string(description))) }
        fields.append(("duration", .string(duration.text)))
        if endOfDay { fields.append(("endOfDay", .bool(true))) }
        fields += [
            ("escalationThresholds", .array(escalationThresholds.map { .int(Int64($0)) })),
            ("id", .string(id)),
        ]
        if metWhen != .all { fields.append(("metWhen", .string(metWhen.rawValue))) }
        if !requiresFacts.isEmpty { fields.append(("requiresFacts", .array(requiresFacts.map(JSONValue.string)))) }
        if let source { fields.append(("source", .string(source))) }
        fields += [
            ("template", .object([("body", .string(template.body)), ("subject", .string(template.subject))])),
            ("title", .string(title)),
        ]
        if let verified { fields.append(("verified", .string(verified))) }
        return .object(fields)
    }

    /// Reads a stored rule; nil when any part is missing or no longer parses.
    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, let title = json["title"]?.stringValue,
              let anchor = json["anchor"]?.stringValue.flatMap(ObligationAnchor.init(parsing:)),
              let durationText = json["duration"]?.stringValue, let duration = try? ObligationDuration(parsing: durationText),
              let audience = json["audience"], let scope = audience["scope"]?.stringValue.flatMap(AudienceScope.init(rawValue:)),
              let channels = json["channels"]?.arrayValue?.map({ $0.stringValue.flatMap(NotificationChannel.init(rawValue:)) }),
              !channels.contains(nil),
              let template = json["template"], let subject = template["subject"]?.stringValue, let body = template["body"]?.stringValue
        else { return nil }
        self.init(id: id, title: title,
                  audience: AudienceSelector(roles: (audience["roles"]?.arrayValue ?? []).compactMap(\.stringValue),
                                             tags: (audience["tags"]?.arrayValue ?? []).compactMap(\.stringValue), scope: scope),
                  channels: channels.compactMap { $0 }, anchor: anchor, duration: duration,
                  escalationThresholds: (json["escalationThresholds"]?.arrayValue ?? []).compactMap(\.intValue),
                  template: MessageTemplate(subject: subject, body: body), description: json["description"]?.stringValue,
                  calendar: json["calendar"]?.stringValue, endOfDay: json["endOfDay"]?.boolValue ?? false,
                  metWhen: json["metWhen"]?.stringValue.flatMap(MetWhen.init(rawValue:)) ?? .all,
                  requiresFacts: (json["requiresFacts"]?.arrayValue ?? []).compactMap(\.stringValue),
                  appliesWhen: json["appliesWhen"]?.stringValue.flatMap { try? FactCondition(parsing: $0) },
                  source: json["source"]?.stringValue, verified: json["verified"]?.stringValue)
    }
}

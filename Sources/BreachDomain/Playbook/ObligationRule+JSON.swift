import Foundation

extension ObligationRule {
    /// The rule as stored inside an obligation snapshot: keys sorted, as the first snapshots were written
    /// (so that a rule written now and one written then read back alike).
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("anchor", .string(anchor.text)),
            ("audience", .object([("roles", .array(audience.roles.map(JSONValue.string))), ("scope", .string(audience.scope.rawValue)),
                                  ("tags", .array(audience.tags.map(JSONValue.string)))])),
            ("channels", .array(channels.map { .string($0.rawValue) })),
        ]
        if let description { fields.append(("description", .string(description))) }
        fields += [
            ("duration", .string(duration.text)),
            ("escalationThresholds", .array(escalationThresholds.map { .int(Int64($0)) })),
            ("id", .string(id)),
            ("template", .object([("body", .string(template.body)), ("subject", .string(template.subject))])),
            ("title", .string(title)),
        ]
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
                  template: MessageTemplate(subject: subject, body: body), description: json["description"]?.stringValue)
    }
}

import Foundation

/// The frozen copy of an obligation rule stored in the `incident.declared` event.
///
/// Declaring snapshots each rule with its due time, so editing a playbook later changes nothing for
/// incidents already declared; rules anchored on something not yet recorded are scheduled by the
/// fold when that happens (see `Incident.scheduleObligations`). One JSON system throughout: the
/// snapshot and the rule inside it are written and read as `JSONValue`, keys in a fixed order.
public struct ObligationSnapshot: Sendable, Equatable {
    public var id: String
    public var title: String
    /// A short description of the audience, as reports print it.
    public var audienceText: String?
    /// The anchor as the playbook wrote it (`declared`, `aware`, `fulfilled:<id>`, …).
    public var anchor: String?
    public var channels: [String]
    /// The due time, when the anchor was known at declaration.
    public var dueAt: Date?
    /// Seconds before due at which the checker warns, as declared.
    public var escalationThresholds: [Int]
    /// The holiday dates (`YYYY-MM-DD`) business days skipped, as declared.
    public var holidays: [String]
    /// The rule itself; nil when a stored snapshot's rule cannot be read (it is then reported, never guessed).
    public var rule: ObligationRule?
    /// The calendar the due time was (or will be) counted in, as it was at declaration: a later correction
    /// of the calendar file never moves it (`breach check` warns instead). nil: UTC and `holidays`.
    public var calendar: BusinessCalendar?
    /// The regime (playbook id) this obligation came from when it is not the incident's own kind
    /// (`declare --regime`, `apply`); its id is then `<regime>/<obligation>`.
    public var regime: String?
    /// False when the rule's `applies_when:` condition did not hold when it was declared or applied: the
    /// obligation is then held back (not owed, not shown) until a fact change makes it hold.
    public var applies: Bool = true

    public init(id: String, title: String, audienceText: String?, anchor: String?, channels: [String], dueAt: Date?,
                escalationThresholds: [Int], holidays: [String], rule: ObligationRule?,
                calendar: BusinessCalendar? = nil, regime: String? = nil) {
        self.calendar = calendar
        self.regime = regime
        self.id = id
        self.title = title
        self.audienceText = audienceText
        self.anchor = anchor
        self.channels = channels
        self.dueAt = dueAt
        self.escalationThresholds = escalationThresholds
        self.holidays = holidays
        self.rule = rule
    }

    /// The snapshot of `rule` as declared, with its due time if its anchor is known.
    public init(_ rule: ObligationRule, dueAt: Date?, holidays: [String], calendar: BusinessCalendar? = nil, regime: String? = nil) {
        self.init(id: rule.id, title: rule.title, audienceText: Self.audienceText(rule.audience), anchor: rule.anchor.text,
                  channels: rule.channels.map(\.rawValue), dueAt: dueAt, escalationThresholds: rule.escalationThresholds,
                  holidays: holidays, rule: rule, calendar: calendar, regime: regime)
    }

    /// The due time of the rule for `times`, counted in the snapshot's own calendar (or holidays).
    public func dueDate(times: IncidentTimes) throws(CalendarGap) -> Date? {
        guard let rule else { return nil }
        return try rule.dueDate(times: times, calendar: calendar, legacyHolidays: Set(holidays))
    }

    /// The payload keys: the only place they are spelled.
    /// How a snapshot counted in a calendar reads in a stored payload (the calendar is an object; a rule
    /// names its calendar with a string): lets a store find the incidents whose obligations use calendars
    /// without folding every open incident.
    public static let storedCalendarMarker = "\"\(Key.calendar)\":{"

    enum Key {
        static let id = "id", title = "title", audienceText = "audience_text", anchor = "anchor", channels = "channels"
        static let dueAt = "due_at", escalationThresholds = "escalation_thresholds", holidays = "holidays", rule = "rule"
        static let calendar = "calendar", regime = "regime", applies = "applies"
    }

    /// The stored form, keys in a fixed order.
    public var payload: JSONValue {
        var fields: [(String, JSONValue)] = [
            (Key.id, .string(id)),
            (Key.title, .string(title)),
            (Key.audienceText, .optional(audienceText)),
            (Key.anchor, .optional(anchor)),
            (Key.channels, .array(channels.map(JSONValue.string))),
            (Key.dueAt, .time(dueAt)),
            (Key.escalationThresholds, .array(escalationThresholds.map { .int(Int64($0)) })),
            (Key.holidays, .array(holidays.map(JSONValue.string))),
            (Key.rule, rule?.json ?? .null),
        ]
        // Written only when present, so snapshots of calendar-less, single-regime obligations keep their bytes.
        if let calendar { fields.append((Key.calendar, calendar.payload)) }
        if let regime { fields.append((Key.regime, .string(regime))) }
        if !applies { fields.append((Key.applies, .bool(false))) }
        return .object(fields)
    }

    /// Reads a stored snapshot. Only the id is required: the rest defaults as an old or hand-made snapshot
    /// would have it, and an unreadable rule becomes nil.
    public init(payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: "incident.declared", payload: payload)
        let id = try reader.string(Key.id)
        self.init(id: id, title: try reader.optionalString(Key.title) ?? id, audienceText: try reader.optionalString(Key.audienceText),
                  anchor: try reader.optionalString(Key.anchor),
                  channels: (payload[Key.channels]?.arrayValue ?? []).compactMap(\.stringValue),
                  dueAt: try reader.optionalTime(Key.dueAt),
                  escalationThresholds: (payload[Key.escalationThresholds]?.arrayValue ?? []).compactMap(\.intValue).sorted(by: >),
                  holidays: (payload[Key.holidays]?.arrayValue ?? []).compactMap(\.stringValue),
                  rule: payload[Key.rule].flatMap(ObligationRule.init(json:)),
                  calendar: payload[Key.calendar].flatMap { BusinessCalendar(payload: $0) },
                  regime: try reader.optionalString(Key.regime))
        applies = payload[Key.applies]?.boolValue ?? true
    }

    /// A short description of an audience, e.g. `role authority`, `roles customer-admin, data-subject; tag customer:acme`.
    public static func audienceText(_ audience: AudienceSelector) -> String {
        var parts: [String] = []
        if !audience.roles.isEmpty { parts.append((audience.roles.count == 1 ? "role " : "roles ") + audience.roles.joined(separator: ", ")) }
        if !audience.tags.isEmpty { parts.append((audience.tags.count == 1 ? "tag " : "tags ") + audience.tags.joined(separator: ", ")) }
        if audience.scope == .registry { parts.append("from the registry") }
        return parts.joined(separator: "; ")
    }
}

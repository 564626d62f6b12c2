import Foundation

/// One notification duty that declaring an incident creates: who must be told, how, and by when.
public struct ObligationRule: Codable, Sendable, Equatable {
    /// Unique within the playbook; names the obligation in `notify --obligation`, `waive` and reports.
    public var id: String
    /// What the duty is, e.g. "Notify the supervisory authority (GDPR Art. 33)".
    public var title: String
    public var audience: AudienceSelector
    /// How to reach the audience; each matching contact is notified on the channels it has.
    public var channels: [NotificationChannel]
    /// The recorded moment the clock starts from.
    public var anchor: ObligationAnchor
    /// How long after the anchor the obligation is due.
    public var duration: ObligationDuration
    /// Seconds before the due time at which the checker sends escalation warnings, largest first.
    public var escalationThresholds: [Int]
    public var template: MessageTemplate
    /// The regime and reasoning behind the rule, for auditors.
    public var description: String?
    /// The calendar (id) whose zone and holidays count days, months and business days; nil counts in UTC.
    public var calendar: String?
    /// Due at 23:59:59 of its last day in the calendar's zone rather than at the anchor's time of day.
    public var endOfDay: Bool
    /// When the obligation counts as met: at the first accepted delivery or filing, or once every recipient accepted.
    public var metWhen: MetWhen
    /// Incident facts (`breach facts --set`) that must be set before `notify` sends it.
    public var requiresFacts: [String]
    /// When the obligation applies (`applies_when:`); nil: always. Re-evaluated when facts change.
    public var appliesWhen: FactCondition?
    /// The statute or rule and section the obligation follows (`source:`), e.g. `45 CFR 164.406`.
    public var source: String?
    /// The date (`YYYY-MM-DD`) the source's text was last checked (`verified:`).
    public var verified: String?

    /// When an obligation is met.
    public enum MetWhen: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
        /// At the first accepted delivery (or filing): a lead-authority filing made on time is on time.
        case first
        /// When every recipient has accepted (the default).
        case all
    }

    public init(
        id: String, title: String, audience: AudienceSelector, channels: [NotificationChannel],
        anchor: ObligationAnchor, duration: ObligationDuration, escalationThresholds: [Int] = [],
        template: MessageTemplate, description: String? = nil, calendar: String? = nil, endOfDay: Bool = false,
        metWhen: MetWhen = .all, requiresFacts: [String] = [], appliesWhen: FactCondition? = nil, source: String? = nil,
        verified: String? = nil
    ) {
        self.appliesWhen = appliesWhen
        self.source = source
        self.verified = verified
        self.calendar = calendar
        self.endOfDay = endOfDay
        self.metWhen = metWhen
        self.requiresFacts = requiresFacts
        self.id = id
        self.title = title
        self.audience = audience
        self.channels = channels
        self.anchor = anchor
        self.duration = duration
        self.escalationThresholds = escalationThresholds.sorted(by: >)
        self.template = template
        self.description = description
    }

    /// The due time, or nil while the anchor has not been recorded (an SEC filing before `determine`,
    /// a NIS2 final report before the incident notification was made).
    public func dueDate(times: IncidentTimes, holidays: Set<String>) -> Date? {
        try? dueDate(times: times, calendar: nil, legacyHolidays: holidays)
    }

    /// The due time counted in `calendar` (nil: UTC, with `legacyHolidays` as an old playbook listed them),
    /// or nil while no anchor it needs has been recorded.
    ///
    /// - Throws: `CalendarGap` when business days would be counted over a year `calendar` does not cover.
    public func dueDate(times: IncidentTimes, calendar: BusinessCalendar?, legacyHolidays: Set<String> = []) throws(CalendarGap) -> Date? {
        func due(_ start: Date, _ duration: ObligationDuration) throws(CalendarGap) -> Date {
            if calendar == nil, !legacyHolidays.isEmpty, !endOfDay {
                return DeadlineCalculator.due(from: start, adding: duration, holidays: legacyHolidays)
            }
            return try DeadlineCalculator.due(from: start, adding: duration, calendar: calendar, endOfDay: endOfDay)
        }
        switch anchor {
        case .earliest(let terms):
            var best: Date?
            for term in terms {
                guard let start = times.time(of: term.anchor) else { continue }
                let candidate = try due(start, term.duration)
                if best.map({ candidate < $0 }) ?? true { best = candidate }
            }
            return best
        case .endOfYear(let inner):
            guard let start = times.time(of: inner) else { return nil }
            let zone = calendar.flatMap { ZonedTime(identifier: $0.timeZone) } ?? .utc
            let year = RFC3339.civilFromDays(zone.split(start).day).year
            let lastDay = RFC3339.daysFromCivil(year: year, month: 12, day: 31)
            return try due(zone.instant(day: lastDay, timeOfDay: 86_399), duration)
        default:
            guard let start = times.time(of: anchor) else { return nil }
            return try due(start, duration)
        }
    }

    /// The instants at which escalation warnings fall due, earliest first, given the due time.
    public func escalationTimes(due: Date) -> [Date] {
        escalationThresholds.map { due.addingTimeInterval(-Double($0)) }
    }
}

/// Written by hand rather than synthesised so that the fields added later (`calendar`, `endOfDay`,
/// `metWhen`, `requiresFacts`) are left out at their defaults: a rule without them encodes to exactly
/// the bytes the first snapshots stored, and older encodings decode with the defaults.
extension ObligationRule {
    private enum CodingKeys: String, CodingKey {
        case id, title, audience, channels, anchor, duration, escalationThresholds, template, description
        case calendar, endOfDay, metWhen, requiresFacts, appliesWhen, source, verified
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), title: try container.decode(String.self, forKey: .title),
            audience: try container.decode(AudienceSelector.self, forKey: .audience),
            channels: try container.decode([NotificationChannel].self, forKey: .channels),
            anchor: try container.decode(ObligationAnchor.self, forKey: .anchor),
            duration: try container.decode(ObligationDuration.self, forKey: .duration),
            escalationThresholds: try container.decodeIfPresent([Int].self, forKey: .escalationThresholds) ?? [],
            template: try container.decode(MessageTemplate.self, forKey: .template),
            description: try container.decodeIfPresent(String.self, forKey: .description),
            calendar: try container.decodeIfPresent(String.self, forKey: .calendar),
            endOfDay: try container.decodeIfPresent(Bool.self, forKey: .endOfDay) ?? false,
            metWhen: try container.decodeIfPresent(MetWhen.self, forKey: .metWhen) ?? .all,
            requiresFacts: try container.decodeIfPresent([String].self, forKey: .requiresFacts) ?? [],
            appliesWhen: try container.decodeIfPresent(String.self, forKey: .appliesWhen).flatMap { try? FactCondition(parsing: $0) },
            source: try container.decodeIfPresent(String.self, forKey: .source),
            verified: try container.decodeIfPresent(String.self, forKey: .verified))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(audience, forKey: .audience)
        try container.encode(channels, forKey: .channels)
        try container.encode(anchor, forKey: .anchor)
        try container.encode(duration, forKey: .duration)
        try container.encode(escalationThresholds, forKey: .escalationThresholds)
        try container.encode(template, forKey: .template)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(calendar, forKey: .calendar)
        if endOfDay { try container.encode(true, forKey: .endOfDay) }
        if metWhen != .all { try container.encode(metWhen, forKey: .metWhen) }
        if !requiresFacts.isEmpty { try container.encode(requiresFacts, forKey: .requiresFacts) }
        try container.encodeIfPresent(appliesWhen?.text, forKey: .appliesWhen)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encodeIfPresent(verified, forKey: .verified)
    }
}

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

    public init(
        id: String, title: String, audience: AudienceSelector, channels: [NotificationChannel],
        anchor: ObligationAnchor, duration: ObligationDuration, escalationThresholds: [Int] = [],
        template: MessageTemplate, description: String? = nil
    ) {
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
        guard let start = times.time(of: anchor) else { return nil }
        return DeadlineCalculator.due(from: start, adding: duration, holidays: holidays)
    }

    /// The instants at which escalation warnings fall due, earliest first, given the due time.
    public func escalationTimes(due: Date) -> [Date] {
        escalationThresholds.map { due.addingTimeInterval(-Double($0)) }
    }
}

import Foundation

/// The current state of one incident: a fold over its events, never stored as the truth.
public struct Incident: Sendable, Equatable {
    public var id: String
    public var title: String
    public var kind: String
    public var severity: Severity
    public var summary: String?
    public var stage: Stage
    public var detectedAt: Date
    public var declaredAt: Date?
    public var awareAt: Date?
    public var declarationReason: String?
    public var determinedAt: Date?
    public var closedAt: Date?
    public var resolution: String?
    public var assignee: String?
    public var notes: [Note] = []
    public var checkedItems: [CheckedItem] = []
    public var stageIntervals: [StageInterval] = []
    /// Linked contacts in the order they were linked. Set by `evolve` only, which keeps `index` in step.
    public internal(set) var affectedContacts: [String] = []
    public var obligations: [Obligation] = []
    /// In the order they were queued. Set by `evolve` only, which keeps `index` in step.
    public internal(set) var notifications: [IncidentNotification] = []
    /// Further regimes attached with `declare --regime` or `apply`, in the order applied.
    public var regimes: [AppliedRegime] = []
    /// Milestones recorded with `mark`, in the order marked.
    public var milestones: [MarkedMilestone] = []
    /// Incident facts (`facts --set`), in the order first set; a later value replaces an earlier one.
    public var facts: [FactsSet.Fact] = []
    /// Conditional obligations whose `applies_when:` did not hold when declared or applied, held until a
    /// fact change makes them apply (`obligation.now_applies`).
    public var dormantObligations: [ObligationSnapshot] = []
    /// Look-ups by notification id, per-obligation delivery counts and the linked contacts as a set.
    var index = NotificationIndex()
    /// The stream version: how many events the incident has.
    public var version: Int = 0

    public init(id: String, title: String, kind: String, severity: Severity, summary: String?, detectedAt: Date) {
        self.id = id
        self.title = title
        self.kind = kind
        self.severity = severity
        self.summary = summary
        self.stage = .detect
        self.detectedAt = detectedAt
    }

    public var isClosed: Bool { stage == .closed }
    public var isDeclared: Bool { declaredAt != nil }

    /// The earliest due time among obligations that are neither met nor waived.
    public var nextDeadline: Date? {
        obligations.filter { $0.isOutstanding }.compactMap(\.dueAt).min()
    }

    /// True when an outstanding obligation is past its due time at `now`.
    public func isOverdue(at now: Date) -> Bool {
        obligations.contains { $0.isOutstanding && ($0.dueAt.map { $0 <= now } ?? false) }
    }

    /// Whether `item` of `stage` has been checked off.
    public func isChecked(_ item: String, in stage: Stage) -> Bool {
        checkedItems.contains { $0.stage == stage && $0.item == item }
    }

    public func obligation(_ id: String) -> Obligation? { obligations.first { $0.id == id } }

    /// Makes room for `count` more notifications at once, before a whole audience is queued.
    ///
    /// Appending 50,000 one by one doubles the array's storage as it goes: the last doubling holds the old
    /// and the new storage together (half as much again as needed), and leaves a third of the final one
    /// unused. Queueing knows its count up front.
    public mutating func reserveNotifications(_ count: Int) {
        notifications.reserveCapacity(notifications.count + count)
        index.reserve(count)
    }

    /// The notification with id `id`, found without a scan.
    public func notification(_ id: String) -> IncidentNotification? {
        index.positions[id].map { notifications[$0] }
    }

    /// The recorded time of milestone `name`.
    public func milestone(_ name: String) -> Date? { milestones.first { $0.name == name }?.at }

    /// The value of fact `key`, if set.
    public func fact(_ key: String) -> String? { facts.first { $0.key == key }?.value }

    /// The recorded moments obligations are anchored on, as of now.
    public var times: IncidentTimes {
        var fulfilled: [String: Date] = [:]
        for obligation in obligations { if let met = obligation.metAt { fulfilled[obligation.id] = met } }
        var marked: [String: Date] = [:]
        for milestone in milestones { marked[milestone.name] = milestone.at }
        return IncidentTimes(declaredAt: declaredAt, awareAt: awareAt, determinedAt: determinedAt, fulfilledAt: fulfilled, milestones: marked)
    }

    /// Whether contact `id` is linked to the incident, answered without a scan.
    public func isAffected(_ contactID: String) -> Bool { index.linkedContacts.contains(contactID) }
}

/// A free-text annotation on an incident.
public struct Note: Sendable, Equatable {
    public let text: String
    public let at: Date
    public let actor: String
}

/// A checklist item marked done.
public struct CheckedItem: Sendable, Equatable {
    public let stage: Stage
    public let item: String
    public let at: Date
    public let actor: String
}

/// A stint in one stage; `leftAt` is nil for the current stage.
public struct StageInterval: Sendable, Equatable {
    public let stage: Stage
    public let enteredAt: Date
    public var leftAt: Date?

    /// Seconds spent in the stage up to `now` (or until it was left).
    public func duration(until now: Date) -> TimeInterval {
        max(0, (leftAt ?? now).timeIntervalSince(enteredAt))
    }
}

/// A further regime whose obligations an incident carries.
public struct AppliedRegime: Sendable, Equatable {
    public let id: String
    public let at: Date
    public let reason: String?
    public let actor: String
}

/// A playbook milestone recorded with `breach mark`.
public struct MarkedMilestone: Sendable, Equatable {
    public let name: String
    /// When it happened (`--at`).
    public let at: Date
    public let actor: String
}

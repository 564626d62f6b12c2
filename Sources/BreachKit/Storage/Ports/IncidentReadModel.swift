import BreachDomain
import Foundation

/// The incident read models: what `list`, `show --json`, `timeline` and the checker ask without replaying events.
public protocol IncidentReadModel {
    /// True when incident `id` has a row (it was detected).
    func incidentExists(_ id: String) throws -> Bool
    /// Incidents matching `filter` (overdue judged at `now`), in number order.
    func incidentSummaries(_ filter: IncidentFilter, now: Date) throws -> [IncidentSummary]
    /// The obligation rows of the given incidents, each incident's by deadline (unanchored last), then id.
    func obligationRows(of incidents: Set<String>) throws -> [ObligationRow]
    /// The notification rows of the given incidents, each incident's by queue time, then id.
    func notificationRows(of incidents: Set<String>) throws -> [NotificationRow]
    /// The timeline of incident `id`, oldest first (empty for an unknown incident).
    func timeline(of id: String) throws -> [TimelineRow]
    /// The checker's work due by `now`, earliest first: one item per obligation warning/deadline and per
    /// notification owed an attempt (see `DueWork`).
    func dueWork(by now: Date) throws -> [DueWorkItem]
    /// Notifications owed an attempt by `now` (optionally of one incident), with their current lease, at most
    /// `limit`, in due order (due time, then id), starting after `after` and ending at `through` (included)
    /// when they are given.
    func dueNotifications(by now: Date, incidentID: String?, after: DueCursor?, through: DueCursor?, limit: Int) throws -> [DueNotification]
    /// The pending (queued or retrying) notifications to one contact, by incident then id.
    func pendingNotifications(ofContact contactID: String) throws -> [(incidentID: String, notificationID: String)]
    /// The open, declared incidents with an obligation snapshotted with a calendar (from a declaration or
    /// an applied regime), in number order: the only ones `check`'s calendar review has to fold.
    func openIncidentsCountedInCalendars() throws -> [String]
}

/// One obligation as the `obligations` read model holds it.
public struct ObligationRow: Sendable, Equatable {
    public let incidentID: String
    public let obligationID: String
    public let title: String
    public let audience: String?
    public let dueAt: String?
    public let metAt: String?
    public let waivedAt: String?
    public let missedAt: String?
    /// It stopped applying after a fact changed (`obligation.withdrawn`); `waivedAt` then holds when.
    public let withdrawn: Bool

    public init(incidentID: String, obligationID: String, title: String, audience: String?, dueAt: String?, metAt: String?,
                waivedAt: String?, missedAt: String?, withdrawn: Bool = false) {
        self.incidentID = incidentID
        self.obligationID = obligationID
        self.title = title
        self.audience = audience
        self.dueAt = dueAt
        self.metAt = metAt
        self.waivedAt = waivedAt
        self.missedAt = missedAt
        self.withdrawn = withdrawn
    }
}

/// One notification as the `notifications` read model holds it.
public struct NotificationRow: Sendable, Equatable {
    public let incidentID: String
    public let notificationID: String
    public let obligationID: String
    public let contactID: String
    public let channel: String
    public let status: String
    public let attempts: Int
    public let lastError: String?
    public let deliveredAt: String?

    public init(incidentID: String, notificationID: String, obligationID: String, contactID: String, channel: String,
                status: String, attempts: Int, lastError: String?, deliveredAt: String?) {
        self.incidentID = incidentID
        self.notificationID = notificationID
        self.obligationID = obligationID
        self.contactID = contactID
        self.channel = channel
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }
}

/// One item of the checker's work list: which incident, and what (`DueWork`'s `obligation:`/`notification:` names).
public struct DueWorkItem: Sendable, Equatable {
    public let incidentID: String
    public let work: String

    public init(incidentID: String, work: String) {
        self.incidentID = incidentID
        self.work = work
    }
}

extension IncidentReadModel {
    /// Notifications owed an attempt by `now`, from the first in due order.
    func dueNotifications(by now: Date, incidentID: String?, limit: Int) throws -> [DueNotification] {
        try dueNotifications(by: now, incidentID: incidentID, after: nil, through: nil, limit: limit)
    }

    /// Notifications owed an attempt by `now`, in due order after `after`.
    func dueNotifications(by now: Date, incidentID: String?, after: DueCursor?, limit: Int) throws -> [DueNotification] {
        try dueNotifications(by: now, incidentID: incidentID, after: after, through: nil, limit: limit)
    }
}

/// A notification owed an attempt, with whatever lease currently protects it.
public struct DueNotification: Sendable, Equatable {
    public let notificationID: String
    public let incidentID: String
    public let channel: String
    public let contactID: String
    public let lease: DeliveryLease?
    /// When it became due, as the store holds it (the first half of the due order).
    public let dueAt: String

    public init(notificationID: String, incidentID: String, channel: String, contactID: String, lease: DeliveryLease?, dueAt: String) {
        self.notificationID = notificationID
        self.incidentID = incidentID
        self.channel = channel
        self.contactID = contactID
        self.lease = lease
        self.dueAt = dueAt
    }

    /// Its place in the due order, for reading on after it.
    public var cursor: DueCursor { DueCursor(dueAt: dueAt, incidentID: incidentID, notificationID: notificationID) }
}

/// A place in the due order of notifications (due time, then id): a claim taken in slices reads on after
/// the last row the previous slice read, so that no row is read twice in one pass and a row skipped (its
/// lease held elsewhere, its channel waiting for a credential) does not fill the next slice again. As an
/// upper bound it keeps a claim from passing notifications a sliced queue has not queued yet (`QueueFeed`).
///
/// It names the row's incident too: every notification id starts with its incident's id and a dot
/// (`INC-3.…`), so (due time, incident, id) is the same order, and SQLite reads it straight off its due-time
/// index, whose entries end with the incident and the work key — (due time, id) had it sort every row due
/// at one time for each slice (all of a large `notify`'s notifications share one).
public struct DueCursor: Sendable, Equatable {
    public let dueAt: String
    public let incidentID: String
    public let notificationID: String

    public init(dueAt: String, incidentID: String, notificationID: String) {
        self.dueAt = dueAt
        self.incidentID = incidentID
        self.notificationID = notificationID
    }

    /// The cursor's entry in the due-time index, as a row value: (due time, incident, work key).
    var indexKey: [String] { [dueAt, incidentID, DueWork.notificationWork(notificationID)] }
}

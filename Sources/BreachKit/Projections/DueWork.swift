import BreachDomain
import Foundation

/// The next moments an incident needs the checker: warnings, deadlines and notification attempts.
///
/// Kept in the indexed `due_work` table so that `breach check` asks one indexed question
/// ("what is due by now?") instead of scanning every incident.
public enum DueWork {
    /// One item of work: what (`obligation:<id>` or `notification:<id>`) and from when it is due.
    public struct Item: Equatable, Sendable {
        public let work: String
        public let dueAt: Date
    }

    /// How a work item names an obligation's next warning or deadline: the prefix, then the obligation id.
    public static let obligationPrefix = "obligation:"
    /// How a work item names a notification owed an attempt: the prefix, then the notification id.
    public static let notificationPrefix = "notification:"

    /// The work item's name for notification `id` (its key in `due_work`, with the incident's id).
    public static func notificationWork(_ id: String) -> String { notificationPrefix + id }

    /// The notification a work item names, or nil for an obligation's.
    public static func notificationID(of work: String) -> String? {
        work.hasPrefix(notificationPrefix) ? String(work.dropFirst(notificationPrefix.count)) : nil
    }

    /// The work items of `incident` in its current state.
    public static func items(for incident: Incident) -> [Item] {
        obligationItems(for: incident) + incident.notifications.compactMap(item(for:))
    }

    /// The work items of `incident`'s obligations: each outstanding one's next warning or deadline.
    public static func obligationItems(for incident: Incident) -> [Item] {
        var items: [Item] = []
        for obligation in incident.obligations where obligation.isOutstanding {
            guard let dueAt = obligation.dueAt else { continue }
            var next: Date? = obligation.missedAt == nil ? dueAt : nil
            for threshold in obligation.escalationThresholds where !obligation.warningsSent.contains(threshold) {
                let warnAt = dueAt.addingTimeInterval(-Double(threshold))
                if next == nil || warnAt < next! { next = warnAt }
            }
            if let next { items.append(Item(work: obligationPrefix + obligation.id, dueAt: next)) }
        }
        return items
    }

    /// The work item of one notification: its next attempt, or nil when it is owed none.
    public static func item(for notification: IncidentNotification) -> Item? {
        guard notification.isPending else { return nil }
        return Item(work: notificationWork(notification.id), dueAt: notification.nextAttemptAt ?? notification.queuedAt)
    }
}

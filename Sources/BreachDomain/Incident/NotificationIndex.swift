import Foundation

/// Look-ups over an incident's notifications and linked contacts, kept by `evolve` as it applies events.
///
/// One incident can notify tens of thousands of recipients. Finding a notification by id, or deciding
/// whether an obligation is met, by scanning every notification made each event O(n) and a fold (or an
/// outbox run) O(n²). These answer in O(1) and are updated in O(1) per event.
///
/// Derived from the notifications and contacts alone, so two incidents with the same notifications
/// have the same index: it takes no part in `Incident`'s equality.
struct NotificationIndex: Sendable, Equatable {
    /// Position in `Incident.notifications` by notification id.
    private(set) var positions: [String: Int] = [:]
    /// Per obligation and (contact, channel) target: how many of its notifications are delivered.
    private var deliveredPerTarget: [String: [Target: Int]] = [:]
    /// Per obligation and target: how many of its notifications are not cancelled. A target whose every
    /// notification was cancelled (its contact left the registry) is no longer owed anything.
    private var activePerTarget: [String: [Target: Int]] = [:]
    /// Per obligation: how many targets are still owed (some notification not cancelled).
    private var requiredTargets: [String: Int] = [:]
    /// Per obligation: how many owed targets have no delivered notification yet.
    private var undeliveredTargets: [String: Int] = [:]
    /// The contacts linked to the incident, for `contains` without a scan of `affectedContacts`.
    private(set) var linkedContacts: Set<String> = []

    static func == (_: NotificationIndex, _: NotificationIndex) -> Bool { true }

    /// Makes room for `count` more notifications.
    mutating func reserve(_ count: Int) {
        positions.reserveCapacity(positions.count + count)
    }

    /// Registers a notification appended at `position`.
    mutating func added(_ notification: IncidentNotification, at position: Int) {
        positions[notification.id] = position
        guard notification.status != .cancelled else { return }
        adjustActive(notification, by: 1)
        if notification.status == .delivered { adjustDelivered(notification, by: 1) }
    }

    /// Accounts for `notification` having moved from `old` to its current status.
    mutating func changed(_ notification: IncidentNotification, from old: IncidentNotification.Status) {
        let wasDelivered = old == .delivered, isDelivered = notification.status == .delivered
        if wasDelivered != isDelivered { adjustDelivered(notification, by: isDelivered ? 1 : -1) }
        let wasCancelled = old == .cancelled, isCancelled = notification.status == .cancelled
        if wasCancelled != isCancelled { adjustActive(notification, by: isCancelled ? -1 : 1) }
    }

    private mutating func adjustActive(_ notification: IncidentNotification, by delta: Int) {
        let target = Self.target(of: notification), obligation = notification.obligationID
        let before = activePerTarget[obligation, default: [:]][target, default: 0]
        let after = before + delta
        activePerTarget[obligation, default: [:]][target] = after
        let delivered = deliveredPerTarget[obligation, default: [:]][target, default: 0] > 0
        if before == 0 && after > 0 {
            requiredTargets[obligation, default: 0] += 1
            if !delivered { undeliveredTargets[obligation, default: 0] += 1 }
        } else if before > 0 && after == 0 {
            requiredTargets[obligation, default: 0] -= 1
            if !delivered { undeliveredTargets[obligation, default: 0] -= 1 }
        }
    }

    private mutating func adjustDelivered(_ notification: IncidentNotification, by delta: Int) {
        let target = Self.target(of: notification), obligation = notification.obligationID
        let before = deliveredPerTarget[obligation, default: [:]][target, default: 0]
        let after = before + delta
        deliveredPerTarget[obligation, default: [:]][target] = after
        guard activePerTarget[obligation, default: [:]][target, default: 0] > 0 else { return }
        if before == 0 && after > 0 { undeliveredTargets[obligation, default: 0] -= 1 }
        if before > 0 && after == 0 { undeliveredTargets[obligation, default: 0] += 1 }
    }

    /// Records a linked contact; false when it was linked already.
    mutating func link(_ contactID: String) -> Bool { linkedContacts.insert(contactID).inserted }

    /// True when `obligationID` still owes someone and every (contact, channel) it owes has a delivery
    /// (cancelled notifications are owed to nobody).
    func everyTargetDelivered(of obligationID: String) -> Bool {
        requiredTargets[obligationID, default: 0] > 0 && undeliveredTargets[obligationID, default: 0] == 0
    }

    /// Who a notification is owed to: a contact by one channel.
    ///
    /// A pair rather than one joined string: the contact id's storage is shared with the notification's,
    /// where a joined key was a new string per notification (twice, in the two counts above).
    private struct Target: Hashable, Sendable {
        let contactID: String
        let channel: NotificationChannel
    }

    private static func target(of notification: IncidentNotification) -> Target {
        Target(contactID: notification.contactID, channel: notification.channel)
    }
}

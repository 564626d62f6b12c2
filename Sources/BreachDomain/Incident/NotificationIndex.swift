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
    /// Per obligation: how many of its notifications are delivered, per (contact, channel) target.
    private var deliveredPerTarget: [String: [String: Int]] = [:]
    /// Per obligation: how many of its targets have no delivered notification yet.
    private var undeliveredTargets: [String: Int] = [:]
    /// The contacts linked to the incident, for `contains` without a scan of `affectedContacts`.
    private(set) var linkedContacts: Set<String> = []

    static func == (_: NotificationIndex, _: NotificationIndex) -> Bool { true }

    /// Registers a notification appended at `position` (a new one is queued, not delivered).
    mutating func added(_ notification: IncidentNotification, at position: Int) {
        positions[notification.id] = position
        let target = Self.target(of: notification)
        if deliveredPerTarget[notification.obligationID, default: [:]][target] == nil {
            deliveredPerTarget[notification.obligationID, default: [:]][target] = 0
            undeliveredTargets[notification.obligationID, default: 0] += 1
        }
        if notification.status == .delivered { changed(notification, from: .queued) }
    }

    /// Accounts for `notification` having moved from `old` to its current status.
    mutating func changed(_ notification: IncidentNotification, from old: IncidentNotification.Status) {
        let wasDelivered = old == .delivered, isDelivered = notification.status == .delivered
        guard wasDelivered != isDelivered else { return }
        let target = Self.target(of: notification), obligation = notification.obligationID
        let before = deliveredPerTarget[obligation, default: [:]][target, default: 0]
        let after = before + (isDelivered ? 1 : -1)
        deliveredPerTarget[obligation, default: [:]][target] = after
        if before == 0 && after == 1 { undeliveredTargets[obligation, default: 0] -= 1 }
        if before == 1 && after == 0 { undeliveredTargets[obligation, default: 0] += 1 }
    }

    /// Records a linked contact; false when it was linked already.
    mutating func link(_ contactID: String) -> Bool { linkedContacts.insert(contactID).inserted }

    /// True when `obligationID` notified someone and every (contact, channel) it notified has a delivery.
    func everyTargetDelivered(of obligationID: String) -> Bool {
        guard let targets = deliveredPerTarget[obligationID], !targets.isEmpty else { return false }
        return undeliveredTargets[obligationID, default: 0] == 0
    }

    private static func target(of notification: IncidentNotification) -> String {
        notification.contactID + "\u{1F}" + notification.channel.rawValue
    }
}

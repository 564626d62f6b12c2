import Foundation

extension Incident {
    /// The contacts an obligation still has to reach: those with a queued, retrying or failed notification
    /// and no delivery on that channel, in the order they were queued.
    ///
    /// Cancelled notifications (the contact left the registry) are not owed, so after `contact remove`
    /// this says who is left.
    public func leftToNotify(_ obligationID: String) -> [String] {
        let mine = notifications.filter { $0.obligationID == obligationID && $0.status != .cancelled }
        let delivered = Set(mine.filter { $0.status == .delivered }.map { $0.contactID + "\u{1F}" + $0.channel.rawValue })
        var seen = Set<String>()
        var left: [String] = []
        for notification in mine where !delivered.contains(notification.contactID + "\u{1F}" + notification.channel.rawValue) {
            if seen.insert(notification.contactID).inserted { left.append(notification.contactID) }
        }
        return left
    }
}

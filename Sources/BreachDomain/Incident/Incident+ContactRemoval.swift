import Foundation

extension Incident {
    /// The cancellations a contact's removal decides: every pending notification to it, with `reason`.
    ///
    /// A notification already delivered or failed stays as it is: it is history, not work.
    public static func cancelPendingNotifications(_ state: Incident, contactID: String, reason: String) -> [IncidentEvent] {
        state.notifications.filter { $0.contactID == contactID && $0.isPending }.map {
            .notificationCancelled(notificationID: $0.id, obligationID: $0.obligationID, contactID: $0.contactID,
                                   channel: $0.channel, reason: reason)
        }
    }
}

import BreachDomain
import Foundation

extension ContactRegistry {
    /// One pending notification cancelled because its contact was removed.
    public struct CancelledNotification: Sendable, Equatable {
        public let incidentID: String
        public let notificationID: String
    }

    /// Appends `notification.cancelled` to every incident with a pending (queued or retrying) notification to
    /// `contactID`, inside the caller's unit of work (the one that records the removal).
    ///
    /// Why: the outbox would otherwise send the old message to the removed contact's old address — and,
    /// with its secret reference gone from the registry, unsigned. Cancelling keeps the log honest about
    /// who was never told; `show` then lists who is left to notify.
    func cancelPendingNotifications(of contactID: String, reason: String, at now: Date,
                                    in unit: any StoreTransaction) throws -> [CancelledNotification] {
        let pending = try unit.pendingNotifications(ofContact: contactID)
        let service = IncidentService(store: store, clock: clock, actor: actor, wallClock: wallClock)
        var cancelled: [CancelledNotification] = []
        for incidentID in Set(pending.map(\.incidentID)).sorted() {
            let state = try IncidentService.load(incidentID, from: unit)
            let events = Incident.cancelPendingNotifications(state, contactID: contactID, reason: reason)
            guard !events.isEmpty else { continue }
            try service.append(events, to: incidentID, state: state, at: now, in: unit)
            for case let .notificationCancelled(id, _, _, _, _) in events {
                cancelled.append(CancelledNotification(incidentID: incidentID, notificationID: id))
            }
        }
        return cancelled
    }
}

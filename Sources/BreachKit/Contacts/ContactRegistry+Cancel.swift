import BreachDomain
import Foundation
import GRDB

extension ContactRegistry {
    /// One pending notification cancelled because its contact was removed.
    public struct CancelledNotification: Sendable, Equatable {
        public let incidentID: String
        public let notificationID: String
    }

    /// Appends `notification.cancelled` to every incident with a pending (queued or retrying) notification to
    /// `contactID`, inside the caller's transaction (the one that records the removal).
    ///
    /// Why: the outbox would otherwise send the old message to the removed contact's old address — and,
    /// with its secret reference gone from the registry, unsigned. Cancelling keeps the log honest about
    /// who was never told; `show` then lists who is left to notify.
    func cancelPendingNotifications(of contactID: String, reason: String, at now: Date, in db: Database) throws -> [CancelledNotification] {
        let pending = try Row.fetchAll(db, sql: Self.pendingNotificationsSQL, arguments: [contactID])
            .map { (incidentID: $0["incident_id"] as String, notificationID: $0["notification_id"] as String) }
        let service = IncidentService(database: database, clock: clock, actor: actor, wallClock: wallClock)
        var cancelled: [CancelledNotification] = []
        for (incidentID, ids) in Dictionary(grouping: pending, by: \.incidentID).sorted(by: { $0.key < $1.key }) {
            let state = try IncidentService.fold(id: incidentID, try EventStore.events(of: incidentID, in: db))
            let wanted = Set(ids.map(\.notificationID))
            let events: [IncidentEvent] = state.notifications.filter { wanted.contains($0.id) && $0.isPending }.map {
                .notificationCancelled(notificationID: $0.id, obligationID: $0.obligationID, contactID: $0.contactID,
                                       channel: $0.channel, reason: reason)
            }
            guard !events.isEmpty else { continue }
            try service.append(events, to: incidentID, state: state, at: now, in: db)
            cancelled += events.compactMap { event in
                guard case let .notificationCancelled(id, _, _, _, _) = event else { return nil }
                return CancelledNotification(incidentID: incidentID, notificationID: id)
            }
        }
        return cancelled
    }

    /// Pending notifications of one contact, from the notifications read model (indexed by incident; a
    /// registry edit is rare, so a scan of the pending rows is fine).
    static let pendingNotificationsSQL = """
        SELECT incident_id, notification_id FROM notifications
        WHERE contact_id = ? AND status IN ('queued', 'retrying') ORDER BY incident_id, notification_id
        """
}

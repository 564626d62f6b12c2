import BreachDomain
import Foundation

/// What `breach notify --dry-run` shows: per obligation and channel, how many notifications `notify` would
/// queue now and how many are already queued or retrying — computed from one read, nothing written or sent.
public struct NotificationPreview: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public let obligationID: String
        public let channel: NotificationChannel
        /// Notifications `notify` would queue now (one per audience contact without one pending or delivered).
        public var toQueue = 0
        /// Notifications already queued or retrying (owed an attempt now or at their next attempt time).
        public var pending = 0
    }

    public var rows: [Row] = []
    /// The warning `notify` would print for obligations nobody can receive, if any.
    public var unreachable: String?

    public var toQueue: Int { rows.reduce(0) { $0 + $1.toQueue } }
    public var pending: Int { rows.reduce(0) { $0 + $1.pending } }
}

extension NotificationOutbox {
    /// The counts `notify` would act on, per obligation and channel, in the obligations' order; refuses as
    /// `queue` would (an undeclared incident, an unknown or settled obligation, nobody to receive it).
    public func preview(incidentID: String, obligationID: String? = nil) throws -> NotificationPreview {
        let now = service.clock.now()
        return try service.store.read { reader in
            let state = try states.current(incidentID, in: reader)
            let plan = try NotificationPlanner.plan(incident: state, obligationID: obligationID, contacts: try reader.contacts(), now: now)
            var preview = NotificationPreview()
            if !plan.unreachable.isEmpty { preview.unreachable = NotificationPlanner.unreachableMessage(plan.unreachable, incident: incidentID) }
            struct Key: Hashable { let obligationID: String; let channel: NotificationChannel }
            var position: [Key: Int] = [:]
            func row(_ obligationID: String, _ channel: NotificationChannel) -> Int {
                let key = Key(obligationID: obligationID, channel: channel)
                if let index = position[key] { return index }
                preview.rows.append(NotificationPreview.Row(obligationID: obligationID, channel: channel))
                position[key] = preview.rows.count - 1
                return preview.rows.count - 1
            }
            for planned in plan.notifications {
                preview.rows[row(planned.obligationID, planned.channel)].toQueue += 1
            }
            for notification in state.notifications where notification.isPending && (obligationID == nil || notification.obligationID == obligationID) {
                preview.rows[row(notification.obligationID, notification.channel)].pending += 1
            }
            let order = Dictionary(state.obligations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            preview.rows.sort { (order[$0.obligationID] ?? .max, $0.channel.rawValue) < (order[$1.obligationID] ?? .max, $1.channel.rawValue) }
            return preview
        }
    }
}

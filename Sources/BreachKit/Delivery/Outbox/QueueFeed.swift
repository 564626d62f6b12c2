import BreachDomain
import Foundation
import Logging

/// One `notify`'s queueing of a large audience, committed a slice at a time so that the first
/// notifications are on the wire while the rest are queued.
///
/// Queueing 10,000 notifications took half a second, all of it before the first request, one core
/// busy and the other idle. The plan is made once, at one instant (`now`), and each slice is its own
/// unit of work; `NotificationOutbox.deliver` claims, sends and records between slices. What keeps this
/// the same as queueing everything at once:
/// - **Claims never pass an unqueued notification.** Every slice is recorded at `now`, so every
///   notification it queues is due at `now`; the plan is queued in due order (id as bytes, as both
///   backends sort), and while the feed is not complete claims read due rows only up to `lastQueued`.
/// - **No obligation is settled while part of its audience is unqueued.** Before outcomes are recorded,
///   `prepareToRecord` queues on until each obligation concerned keeps a queued notification of this
///   plan without an outcome (or has none left to queue): its last delivery cannot come before its last
///   notification is queued, so `met_at` cannot come early.
/// - **A slice is queued only as planned while nothing the plan read has moved.** When another process
///   appended to the incident, or changed or removed one of the slice's contacts, the rest is planned
///   afresh from the current state: what a new `notify` would queue now.
///
/// A run that dies between slices leaves the first slices queued and the rest unplanned; the next
/// `notify` plans them (nothing pending or delivered is planned twice). Small plans and supplements are
/// queued in the first unit of work, in plan order, as before.
final class QueueFeed {
    let incidentID: String
    /// The plan's instant: every slice is recorded at it.
    let now: Date
    /// What was queued so far: all of it once `isComplete`.
    private(set) var queued = NotificationOutbox.Queued()
    /// The last notification queued, in due order: while the feed is not complete, claims read up to it.
    private(set) var lastQueued: DueCursor?

    private let service: IncidentService
    private let states: FoldedIncidents
    private let logger: Logger
    private let obligationID: String?
    private let early: String?
    private let sliceSize: Int
    /// What is planned and not queued yet, last first: a slice is taken off the end, so that what is
    /// queued no longer holds memory (50,000 rendered bodies are 30 MB).
    private var remaining: [NotificationPlanner.Planned] = []
    /// The contacts the plan was made with (those it queues to): their ids and hash values.
    private var plannedContacts: [String: Int] = [:]
    /// Per obligation: planned notifications not queued yet.
    private var unqueued: [String: Int] = [:]
    /// Per obligation: notifications this feed queued whose outcome is not recorded yet.
    private var unrecorded: [String: Int] = [:]
    /// This feed's queued notifications without a recorded outcome, with their obligation (while slices remain).
    private var awaitingOutcome: [String: String] = [:]

    /// Whether every planned notification is queued.
    var isComplete: Bool { remaining.isEmpty }

    /// Plans the notifications of `incidentID` (see `NotificationOutbox.queue`) and queues them — all of
    /// them, or the first `slice` when the plan has more than `threshold` and is not a supplement — in one
    /// unit of work.
    init(outbox: NotificationOutbox, incidentID: String, obligationID: String?, early: String?, supplement: String?,
         slice: Int, threshold: Int) throws {
        self.incidentID = incidentID
        self.service = outbox.service
        self.states = outbox.states
        self.logger = outbox.logger
        self.obligationID = obligationID
        self.early = early
        self.sliceSize = max(1, slice)
        self.now = outbox.service.clock.now()
        let first = try service.store.write { unit -> [NotificationPlanner.Planned] in
            let state = try states.take(incidentID, in: unit)
            var leading: [IncidentEvent] = []
            var recorded: SupplementRecorded?
            if let supplement, let obligationID {
                leading = try service.decide(.supplement(obligationID: obligationID, reason: supplement), state: state, now: now)
                if case let .supplementRecorded(value)? = leading.first { recorded = value }
            }
            let contacts = try unit.contacts()
            var plan = try NotificationPlanner.plan(incident: state, obligationID: obligationID, contacts: contacts, now: now,
                                                    early: early, supplement: recorded)
            if let early, let obligationID, let obligation = state.obligation(obligationID),
               let why = NotificationPlanner.notReady(obligation, in: state), !plan.notifications.isEmpty {
                let reason = try TextRules.text(early, field: "reason")
                leading.append(.noteAdded(text: "early notice of \(obligationID) (\(why)): \(reason)"))
            }
            queued.held = plan.held
            if !plan.unreachable.isEmpty { queued.unreachable = NotificationPlanner.unreachableMessage(plan.unreachable, incident: incidentID) }
            var notifications = plan.notifications
            plan.notifications = []
            guard !notifications.isEmpty else {
                states.update(state)
                return []
            }
            var incident = consume state
            incident.reserveNotifications(leading.count + notifications.count)
            queued.notifications.reserveCapacity(notifications.count)
            let first: [NotificationPlanner.Planned]
            if supplement == nil && notifications.count > threshold {
                adopt(&notifications, contacts: contacts)
                first = nextSlice()
            } else {
                first = notifications
            }
            try append(leading, first, to: incident, in: unit)
            return first
        }
        log(first)
    }

    /// Queues the next slice in its own unit of work. When the incident or one of the slice's contacts
    /// moved since the plan (another process wrote), the rest is planned afresh first.
    func queueNext() throws {
        guard !isComplete else { return }
        let slice = try service.store.write { unit -> [NotificationPlanner.Planned] in
            let kept = states.cachedVersion(of: incidentID)
            let state = try states.take(incidentID, in: unit)
            let contactIDs = Array(Set(remaining.suffix(sliceSize).map(\.contactID)))
            let current = try unit.contacts(ids: contactIDs)
            if state.version != kept || current.count != contactIDs.count || current.contains(where: { plannedContacts[$0.id] != $0.hashValue }) {
                try replan(from: state, contacts: try unit.contacts())
            }
            let slice = nextSlice()
            guard !slice.isEmpty else {
                states.update(state)
                return []
            }
            try append([], slice, to: state, in: unit)
            return slice
        }
        log(slice)
    }

    /// Queues every slice left (a run that stopped sending still queues its whole plan).
    func drain() throws {
        while !isComplete { try queueNext() }
    }

    /// Queues on until recording `outcomes` (of this incident) cannot settle an obligation that still has
    /// planned notifications unqueued: each obligation concerned must keep one queued notification of this
    /// feed without an outcome.
    func prepareToRecord(_ outcomes: [(notificationID: String, obligationID: String)]) throws {
        guard !isComplete else { return }
        var recordedNow: [String: Int] = [:]
        for outcome in outcomes {
            recordedNow[outcome.obligationID, default: 0] += awaitingOutcome[outcome.notificationID] == nil ? 0 : 1
        }
        for (obligation, recorded) in recordedNow {
            while !isComplete && unqueued[obligation, default: 0] > 0 && unrecorded[obligation, default: 0] - recorded < 1 {
                try queueNext()
            }
        }
    }

    /// Notes that the outcomes of `notificationIDs` are recorded.
    func recorded(_ notificationIDs: [String]) {
        guard !awaitingOutcome.isEmpty else { return }
        for id in notificationIDs {
            if let obligation = awaitingOutcome.removeValue(forKey: id) { unrecorded[obligation, default: 0] -= 1 }
        }
    }

    // MARK: Private

    /// Takes `notifications` as the rest of the plan, queued in due order, with the contacts they were planned with.
    private func adopt(_ notifications: inout [NotificationPlanner.Planned], contacts: [Contact]) {
        // Last first. Both backends order ids as bytes (SQLite's BINARY, PostgreSQL's "C"); Swift's `<` on
        // strings does not. Sorted in place and moved: no second copy of the plan.
        notifications.sort { $1.notificationID.utf8.lexicographicallyPrecedes($0.notificationID.utf8) }
        remaining = notifications
        notifications = []
        unqueued = [:]
        for notification in remaining { unqueued[notification.obligationID, default: 0] += 1 }
        let ids = Set(remaining.map(\.contactID))
        plannedContacts = [:]
        for contact in contacts where ids.contains(contact.id) { plannedContacts[contact.id] = contact.hashValue }
    }

    /// Takes the next slice off the rest of the plan, in due order.
    private func nextSlice() -> [NotificationPlanner.Planned] {
        let count = min(sliceSize, remaining.count)
        defer { remaining.removeLast(count) }
        return remaining.suffix(count).reversed()
    }

    /// Plans what is left afresh from `state`: what a new `notify` would queue now.
    private func replan(from state: borrowing Incident, contacts: [Contact]) throws {
        do {
            let plan = try NotificationPlanner.plan(incident: state, obligationID: obligationID, contacts: contacts, now: now, early: early)
            var notifications = plan.notifications
            adopt(&notifications, contacts: contacts)
        } catch let error as BreachError {
            // The incident moved so that nothing more is to be queued (its obligations met, waived or withdrawn meanwhile).
            logger.warning("rest of notify's plan dropped", metadata: [LogKey.incidentID: "\(incidentID)", "reason": "\(error.message)"])
            var none: [NotificationPlanner.Planned] = []
            adopt(&none, contacts: [])
        }
    }

    /// Appends `leading` and `slice` to `state`, a bounded number of events per append, in the caller's unit of work.
    private func append(_ leading: [IncidentEvent], _ slice: [NotificationPlanner.Planned], to state: consuming Incident,
                        in unit: any StoreTransaction) throws {
        // Rendered now, and appended a bounded number at a time: what an append holds besides the events
        // (payload trees, stored rows, projection pairs) lives for one part, not for the whole audience.
        let events = leading + slice.map { IncidentEvent.notificationQueued($0.queued()) }
        var incident = consume state
        for start in stride(from: 0, to: events.count, by: NotificationOutbox.queueingSlice) {
            incident = try service.append(Array(events[start..<min(start + NotificationOutbox.queueingSlice, events.count)]), to: incidentID,
                                          state: consume incident, at: now, in: unit)
        }
        // Outcomes are matched against the plan only while slices remain; once all is queued, none can settle
        // an obligation early.
        let slicesRemain = !isComplete
        for notification in slice {
            guard let added = incident.notification(notification.notificationID) else { continue }
            queued.notifications.append(NotificationReference(added))
            guard slicesRemain else { continue }
            awaitingOutcome[notification.notificationID] = notification.obligationID
            unrecorded[notification.obligationID, default: 0] += 1
            unqueued[notification.obligationID, default: 0] -= 1
        }
        // Where the projection files the last one in the due order (every one is due when queued, at `now`).
        if slicesRemain, let last = slice.last.flatMap({ incident.notification($0.notificationID) }), let due = DueWork.item(for: last) {
            lastQueued = DueCursor(dueAt: RFC3339.format(due.dueAt), incidentID: incidentID, notificationID: last.id)
        }
        states.update(incident)
        if !slicesRemain { (awaitingOutcome, unrecorded) = ([:], [:]) }
    }

    private func log(_ slice: [NotificationPlanner.Planned]) {
        for notification in slice {
            logger.info("notification queued", metadata: [
                LogKey.incidentID: "\(incidentID)", LogKey.obligationID: "\(notification.obligationID)",
                LogKey.notificationID: "\(notification.notificationID)", LogKey.contactID: "\(notification.contactID)",
                LogKey.channel: "\(notification.channel.rawValue)",
            ])
        }
    }
}

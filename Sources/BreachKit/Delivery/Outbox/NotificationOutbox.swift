import BreachDomain
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The transactional outbox: notifications are queued as events first, then claimed, attempted and recorded.
///
/// A crash between queueing and attempting leaves the notification queued (the next run sends it); a
/// crash between sending and recording means it is sent again with the same `Idempotency-Key`. A
/// notification is recorded as delivered only when the server accepted it.
///
/// Each job is its own type: `NotificationPlanner` decides what to queue, `DeliveryClaimer` leases,
/// `DeliveryDispatcher` sends, `DeliveryRecorder` records what the domain decides of the results. This
/// type runs them in order and carries each incident, folded once, from claim to record.
public final class NotificationOutbox: @unchecked Sendable {
    let service: IncidentService
    let configuration: BreachConfiguration
    let environment: [String: String]
    /// Who holds the claims of this run: unique per process.
    let holder = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
    /// The incidents this run has folded (shared with the checker's pass that made this outbox).
    let states: FoldedIncidents
    /// Where queued notifications and attempt outcomes are logged (ids, channel, outcome, attempt; never a
    /// message body, URL, receipt text or secret). Silent unless a command hands in its logger.
    public var logger: Logger = .silent
    /// Told after each recorded chunk how far the run is (for a progress line on a terminal).
    public var progress: (@Sendable (Progress) -> Void)?
    /// The SMTP transport's first pause after a refusal (doubling each time in a row); tests shorten it.
    var smtpBackoffBase: Duration = .seconds(1)

    public convenience init(service: IncidentService, configuration: BreachConfiguration, environment: [String: String]) {
        self.init(service: service, configuration: configuration, environment: environment, states: FoldedIncidents())
    }

    init(service: IncidentService, configuration: BreachConfiguration, environment: [String: String], states: FoldedIncidents) {
        self.service = service
        self.configuration = configuration
        self.environment = environment
        self.states = states
        self.slicedQueueing = service.store.overlapsQueueingWithSending ? SlicedQueueing() : .never
    }

    /// What one delivery run did, per notification id.
    public struct RunReport: Sendable {
        public typealias Line = (incidentID: String, notification: NotificationReference, receipt: String)
        public var delivered: [Line] = []
        public var retrying: [Line] = []
        public var failed: [Line] = []
        /// Notifications left queued, unattempted, because this process lacks what sending them needs — an SMTP
        /// transport, a webhook secret or the SMTP password from the environment — counted per reason
        /// ("email notification(s) stay queued: no SMTP transport is configured …").
        public var waiting: [String: Int] = [:]
        /// How many notifications are waiting for a transport or a credential.
        public var waitingForTransport: Int { waiting.values.reduce(0, +) }
        /// Claimed notifications this run did not attempt, per reason: they stay queued, leased to nobody,
        /// with the next attempt time they had and no attempt spent.
        public var deferred: [DeliveryDeferral: Int] = [:]
    }

    /// How far a delivery run is: claimed this round, and what became of them so far.
    public struct Progress: Sendable, Equatable {
        public var claimed = 0
        public var delivered = 0
        public var retrying = 0
        public var failed = 0
        public var deferred = 0
        /// Seconds since the run started.
        public var elapsed: Double = 0
        public var done: Int { delivered + retrying + failed + deferred }
    }

    // MARK: Queueing

    /// What `queue` did.
    public struct Queued: Sendable {
        /// The notifications queued now.
        public var notifications: [NotificationReference] = []
        /// Why some outstanding obligations got nothing: nil when every one has a reachable audience.
        public var unreachable: String?
        /// Obligations plain `notify` held back, each with why (anchor not recorded, facts missing).
        public var held: [String] = []
    }

    /// Queues one notification per (obligation, audience contact, channel) not already pending or delivered,
    /// all in one unit of work.
    ///
    /// `early` is the reason to send an obligation whose anchor is not recorded (it is noted on the
    /// incident); `supplement` the reason of supplementary information on a met obligation.
    @discardableResult
    public func queue(incidentID: String, obligationID: String? = nil, early: String? = nil, supplement: String? = nil) throws -> Queued {
        try QueueFeed(outbox: self, incidentID: incidentID, obligationID: obligationID, early: early, supplement: supplement,
                      slice: .max, threshold: .max).queued
    }

    /// Queues what `queue` would and delivers everything of the incident that is due, sending the first
    /// notifications of a large audience while the rest are queued (`QueueFeed`).
    ///
    /// A plan of more than `slicedQueueing.threshold` notifications is queued `slicedQueueing.slice` at a
    /// time, each slice committed before any of it is claimed; the whole plan is queued when this returns,
    /// even when the time budget stopped the sending.
    public func notify(incidentID: String, obligationID: String? = nil, early: String? = nil, supplement: String? = nil,
                       maxSeconds: Double? = nil) throws -> (queued: Queued, report: RunReport) {
        let feed = try QueueFeed(outbox: self, incidentID: incidentID, obligationID: obligationID, early: early, supplement: supplement,
                                 slice: slicedQueueing.slice, threshold: slicedQueueing.threshold)
        let report = try deliver(incidentID: incidentID, limit: Self.roundLimit, maxSeconds: maxSeconds, feed: feed)
        return (feed.queued, report)
    }

    // MARK: Delivering

    /// Claims every pending notification due by now (optionally of one incident), attempts it, records the outcome.
    ///
    /// Claims are taken `limit` at a time, round after round while a claim comes back full. A permanent
    /// failure queues escalation alerts; one more round sends them in the same run, so the escalation
    /// contacts hear of it now rather than at the next check.
    ///
    /// With `maxSeconds`, no attempt starts after that many seconds: what was claimed and not attempted is
    /// released unspent (`RunReport.deferred`), for the next run.
    public func deliverDue(incidentID: String? = nil, limit: Int = roundLimit, maxSeconds: Double? = nil) throws -> RunReport {
        try deliver(incidentID: incidentID, limit: limit, maxSeconds: maxSeconds, feed: nil)
    }

    /// `deliverDue`, queueing `feed`'s slices as the claims reach the last one queued.
    private func deliver(incidentID: String?, limit: Int, maxSeconds: Double?, feed: QueueFeed?) throws -> RunReport {
        var report = RunReport()
        let started = ContinuousClock.now
        let deadline = maxSeconds.map { started + .milliseconds(Int64(($0 * 1000).rounded())) }
        let secrets = WebhookSecrets(environment: environment)
        let claimer = DeliveryClaimer(store: service.store, configuration: configuration, secrets: secrets, holder: holder)
        let dispatcher = DeliveryDispatcher(configuration: configuration, secrets: secrets, deadline: deadline,
                                            signedAt: { self.service.wallClock.now() })
        dispatcher.smtpBackoffBase = smtpBackoffBase
        let recorder = DeliveryRecorder(service: service, configuration: configuration, holder: holder, logger: logger)
        /// The feed while slices remain to be queued; nil once the whole plan is (or for a plain delivery).
        var feeding: QueueFeed? { feed.flatMap { $0.isComplete ? nil : $0 } }
        var round = 0
        var escalationRound = false
        while true {
            round += 1
            // The first round claims even with the budget used, so that what is due is counted as left queued.
            if round > 1, let deadline, ContinuousClock.now >= deadline { break }
            var waiting: [String: Int] = [:]
            let failedBefore = report.failed.count
            let (deliveredBefore, retryingBefore) = (report.delivered.count, report.retrying.count)
            var progress = Progress()
            // Each notification's place in the round's claims: which incident (and obligation) it records on,
            // and where its report line goes.
            var position: [String: (order: Int, incidentID: String, obligationID: String)] = [:]
            let incidentOf = { (id: String) in position[id]?.incidentID }
            // Sent on the pipeline's threads while this one claims the next slices and records the outcomes,
            // chunk by chunk: the first requests go out once a small first slice is claimed, and a run killed
            // mid-fan-out re-sends at most the pipeline's window of already accepted notifications (with the
            // same keys), not its whole batch.
            let pipeline = DeliveryPipeline(dispatcher: dispatcher, chunk: Self.recordingChunk, window: Self.unrecordedWindow,
                                            deadline: deadline, now: { [service] in service.clock.now() })
            var cursor: DueCursor?
            var read = 0
            var claimedAll = false
            /// Claims the next slice of the round (at most `limit` rows read in all) and hands it over;
            /// closes the pipeline once nothing more is due or the round has read its `limit`.
            func claimSlice() throws {
                // A sliced queue stays ahead of the claims: its next slice is queued once they reached its last.
                if let feeding, cursor != nil, cursor == feeding.lastQueued { try feeding.queueNext() }
                let size = min(read == 0 ? Self.firstClaim : Self.claimSlice, limit - read)
                // While slices are still to come, due rows are read only up to the last queued one (all due at
                // the feed's instant): a cursor that passed an unqueued notification would never claim it.
                let slice = try claimer.claim(incidentID: incidentID, after: cursor, through: feeding?.lastQueued, limit: size,
                                              backlog: pipeline.backlog, now: feeding?.now ?? service.clock.now(),
                                              wallNow: service.wallClock.now(), states: states, waiting: &waiting)
                (cursor, read) = (slice.cursor, read + slice.read)
                for item in slice.claimed where position[item.notification.id] == nil {
                    position[item.notification.id] = (position.count, item.incidentID, item.notification.obligationID)
                }
                progress.claimed += slice.claimed.count
                pipeline.add(slice.claimed)
                if let feeding, slice.read < size && read < limit {
                    // Read up to the last queued: queue the next slice, and the pipeline asks for the next claim.
                    try feeding.queueNext()
                    return
                }
                if slice.read < size || read >= limit {
                    claimedAll = slice.read < size
                    pipeline.close()
                }
            }
            do {
                try claimSlice()
                while let work = pipeline.next() {
                    guard case let .record(batch) = work else {
                        // Claimed even with the budget used, as the first slice is: what is due is then
                        // counted as left queued, as when a round was claimed at once.
                        try claimSlice()
                        continue
                    }
                    if !batch.results.isEmpty {
                        // While slices remain, the outcomes are matched against the plan (see `QueueFeed`). The feed
                        // is taken once: preparing may queue the rest of it.
                        let current = feeding
                        if let current {
                            try current.prepareToRecord(batch.results.compactMap { result in
                                position[result.notificationID].flatMap { $0.incidentID == current.incidentID ? (result.notificationID, $0.obligationID) : nil }
                            })
                        }
                        try recorder.record(batch.results, incidentOf: incidentOf, states: states, now: service.clock.now(), report: &report)
                        current?.recorded(batch.results.map(\.notificationID))
                    }
                    if !batch.deferred.isEmpty {
                        try recorder.release(Array(batch.deferred.keys))
                        for reason in batch.deferred.values { report.deferred[reason, default: 0] += 1 }
                    }
                    pipeline.recorded(batch)
                    progress.delivered = report.delivered.count - deliveredBefore
                    progress.retrying = report.retrying.count - retryingBefore
                    progress.failed = report.failed.count - failedBefore
                    progress.deferred += batch.deferred.count
                    progress.elapsed = SMTPTransport.seconds(ContinuousClock.now - started)
                    self.progress?(progress)
                }
            } catch {
                pipeline.cancel()
                throw error
            }
            // The escalation round's waiting notifications were counted by the first.
            if round == 1 { report.waiting = waiting }
            // Nothing this process can send (what is due waits for a transport or is leased elsewhere).
            guard progress.claimed > 0 else { break }
            // Outcomes came back in the order the transfers ended; the report lists them in the claim's order
            // (due time, then id), the same from run to run.
            func inClaimOrder(_ lines: inout [RunReport.Line], from start: Int) {
                // Each line's place looked up once: looked up in the comparison, two ids were hashed per
                // comparison (15 ms for 10,000 lines). Places are distinct, so the order is the claim's.
                var placed = lines[start...].map { (order: position[$0.notification.id]?.order ?? .max, line: $0) }
                placed.sort { $0.order < $1.order }
                lines.replaceSubrange(start..., with: placed.map(\.line))
            }
            inClaimOrder(&report.delivered, from: deliveredBefore)
            inClaimOrder(&report.retrying, from: retryingBefore)
            inClaimOrder(&report.failed, from: failedBefore)
            // Another round while a full claim may have left more due (`limit` at a time keeps memory bounded),
            // unless this one left some queued (budget used, transport refusing): the next run takes them.
            // Else one more for the escalation alerts a permanent failure just queued.
            if !claimedAll && progress.deferred == 0 { continue }
            guard !escalationRound,
                  report.failed[failedBefore...].contains(where: { $0.notification.obligationID != Escalation.obligationID }) else { break }
            escalationRound = true
        }
        // Queued in full even when the budget stopped the sending: what is queued is the next run's to send.
        try feed?.drain()
        for (reason, count) in report.deferred {
            logger.warning("notifications deferred", metadata: ["reason": "\(reason.message)", "count": .stringConvertible(count)])
        }
        return report
    }

    /// How many due notifications a round's first claim reads: few, so that the first requests start
    /// soon, while the next slice is claimed.
    static let firstClaim = 256

    /// How many due notifications each later claim of a round reads: one commit per slice, each claimed
    /// while the slices before it are on the wire.
    static let claimSlice = 2_048

    /// How many `notification.queued` events `queue` appends and projects at a time.
    static let queueingSlice = 1_000

    /// How many due notifications a delivery round reads at most (`limit` of `deliverDue`).
    public static let roundLimit = 10_000

    /// When `notify` queues in slices (more than `threshold` notifications planned), and how many per slice.
    struct SlicedQueueing {
        var threshold = 1_024
        var slice = 512
        /// Every plan queued whole, then sent (a store that does not overlap the two).
        static let never = SlicedQueueing(threshold: .max, slice: .max)
    }

    /// `notify`'s slicing of large plans, by the store (`BreachStore.overlapsQueueingWithSending`); tests
    /// make it small.
    var slicedQueueing: SlicedQueueing

    /// How many outcomes are recorded in one unit of work: four times the webhook sender's 32 concurrent
    /// transfers, so that a commit is paid per 128 notifications.
    public static let recordingChunk = 128

    /// How many notifications may be started and not yet recorded: the chunk being recorded, the one
    /// filling up, and a sender's worth in flight. It bounds what a run killed mid-fan-out re-sends.
    public static let unrecordedWindow = 2 * recordingChunk + WebhookSender.defaultMaxConcurrent

    /// How long a claim on `count` notifications lasts (see `LeasePolicy.duration`).
    func leaseDuration(for count: Int) -> TimeInterval {
        LeasePolicy.duration(for: count, configuration: configuration)
    }
}

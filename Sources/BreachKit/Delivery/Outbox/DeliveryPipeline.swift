import BreachDomain
import Foundation

/// Sends claimed notifications on threads of its own while the calling thread claims more and records the outcomes.
///
/// The caller feeds it claims as it takes them (`add`), a slice at a time, and closes it when nothing more
/// will come (`close`): the first requests go out once the first small slice is claimed, and the later
/// slices are claimed while earlier ones are on the wire. Webhooks stream through one `WebhookSender`
/// connection cache, `maxConcurrent` in flight from the first to the last, and emails go through the
/// run's `SMTPTransport` a chunk at a time, each channel on its own thread. Their results come back in
/// batches of `chunk`, in the order the transfers end, for the caller to record while the next ones are
/// on the wire: sending and recording overlap on the two cores, and the connections stay open across
/// chunks and slices.
///
/// At most `window` notifications are started and not yet recorded (`recorded(_:)`): the sending side
/// waits past that, so a run killed mid-fan-out re-sends at most `window` already accepted notifications
/// (with the same `Idempotency-Key`), and a slow recorder holds back the sending instead of letting
/// results pile up. No attempt starts once the time budget is used: what was not started comes back as
/// deferred (`.timeBudget`), for the caller to release unspent.
final class DeliveryPipeline: @unchecked Sendable {
    /// One hand-off to the recorder: results of attempted notifications, and notifications left unattempted.
    typealias Batch = DeliveryDispatcher.Dispatched

    /// What the caller is asked to do next.
    enum Work {
        /// Record these outcomes (and release the deferred), then call `recorded(_:)`.
        case record(Batch)
        /// Claim the next slice and `add` it, or `close` when nothing more is due.
        case claimMore
    }

    private let dispatcher: DeliveryDispatcher
    private let chunk: Int
    private let window: Int
    private let deadline: ContinuousClock.Instant?
    private let now: @Sendable () -> Date
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [Batch] = []
    private var unrecorded = 0
    private var sendersRunning = 0
    private var cancelled = false
    private var open = true
    private var slices: [[ClaimedNotification]] = []
    private var webhooks = FeedQueue()
    private var emails = FeedQueue()
    private var askedForMore = false
    private let finished = DispatchGroup()

    /// `now` is the effective time a request is prepared and judged at (`--now`, or the clock).
    init(dispatcher: DeliveryDispatcher, chunk: Int, window: Int, deadline: ContinuousClock.Instant?,
         now: @escaping @Sendable () -> Date) {
        precondition(chunk > 0 && window >= chunk, "the pipeline's window must hold at least one chunk")
        self.dispatcher = dispatcher
        self.chunk = chunk
        self.window = window
        self.deadline = deadline
        self.now = now
    }

    /// Hands over one claimed slice: its webhooks join the webhook thread's queue, its emails the email
    /// thread's, each thread started when its channel first appears.
    ///
    /// The threads keep positions in the slices handed over: a copy per channel would hold the claimed
    /// notifications (about 800 bytes each) twice for the whole run.
    func add(_ claimed: [ClaimedNotification]) {
        condition.withLock {
            precondition(open, "a closed pipeline takes no more claims")
            askedForMore = false
            guard !claimed.isEmpty else { return }
            let slice = slices.count
            slices.append(claimed)
            for position in claimed.indices {
                if claimed[position].notification.channel == .webhook {
                    webhooks.items.append((slice, position))
                } else {
                    emails.items.append((slice, position))
                }
            }
            if !webhooks.started && !webhooks.isEmpty { startSender(webhooks: true) }
            if !emails.started && !emails.isEmpty { startSender(webhooks: false) }
            condition.broadcast()
        }
    }

    /// Says that nothing more will be added: the threads end once what they hold is sent.
    func close() {
        condition.withLock {
            open = false
            condition.broadcast()
        }
    }

    /// What to do next, waiting for it; nil once the pipeline is closed, every sender done and every batch taken.
    ///
    /// Outcomes to record come first; between them the caller is asked for the next slice until it closes
    /// the pipeline. Claims are not held back until the senders run low: a channel that drains slowly
    /// (a throttled relay) would then hold back the other's next slice.
    func next() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if !ready.isEmpty { return .record(ready.removeFirst()) }
            if open && !askedForMore {
                askedForMore = true
                return .claimMore
            }
            if !open && sendersRunning == 0 { return nil }
            condition.wait()
        }
    }

    /// How many notifications were added and not yet taken by a sending thread.
    var backlog: Int { condition.withLock { unstarted } }

    /// Tells the senders that a taken batch is recorded (its results) and released (its deferred).
    func recorded(_ batch: Batch) {
        condition.withLock {
            unrecorded -= batch.results.count + batch.deferred.count
            condition.broadcast()
        }
    }

    /// Stops the senders (claiming or recording failed): nothing more starts, and this returns once the
    /// transfers in flight have ended. Their outcomes are not recorded; the leases expire and a later run
    /// sends them again under the same keys.
    func cancel() {
        condition.withLock {
            cancelled = true
            open = false
            condition.broadcast()
        }
        finished.wait()
    }

    // MARK: The sending threads

    /// Starts the thread of one channel; the caller holds `condition`.
    private func startSender(webhooks areWebhooks: Bool) {
        if areWebhooks { webhooks.started = true } else { emails.started = true }
        sendersRunning += 1
        finished.enter()
        let thread = Thread { [self] in
            if areWebhooks { streamWebhooks() } else { sendEmails() }
            condition.withLock {
                sendersRunning -= 1
                condition.broadcast()
            }
            finished.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private var unstarted: Int { webhooks.count + emails.count }

    /// What a sending thread gets from its queue.
    private enum Taken {
        case item(ClaimedNotification)
        /// Nothing queued now; more may come.
        case none
        /// The pipeline is closed (or cancelled) and the queue empty.
        case end
    }

    /// The next notification of one channel: waits for one while the pipeline is open if `wait`.
    private func take(webhook: Bool, wait: Bool) -> Taken {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if cancelled { return .end }
            if let (slice, position) = webhook ? webhooks.pop() : emails.pop() { return .item(slices[slice][position]) }
            if !open { return .end }
            guard wait else { return .none }
            condition.wait()
        }
    }

    /// Hands one batch to the recorder.
    private func publish(_ batch: Batch) {
        guard !batch.results.isEmpty || !batch.deferred.isEmpty else { return }
        condition.withLock {
            ready.append(batch)
            condition.broadcast()
        }
    }

    private var budgetUsed: Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }

    /// Reserves room for `count` more notifications started and not recorded: waits while the window is
    /// full if `wait`, else answers at once. Nil when the run is cancelled.
    private func reserve(_ count: Int, wait: Bool) -> Bool? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && unrecorded + count > window {
            guard wait else { return false }
            condition.wait()
        }
        if cancelled { return nil }
        unrecorded += count
        return true
    }

    private func streamWebhooks() {
        var pending = Batch()
        var budgetRanOut = false
        /// Hands over what came back before this thread blocks: the recorder could be waiting for these very results.
        func publishPending() {
            publish(pending)
            pending = Batch()
        }
        dispatcher.webhookSender.stream(now: now, signedAt: dispatcher.signedAt, next: { idle in
            while true {
                var granted = reserve(1, wait: false)
                if granted == false {
                    guard idle else { return .later }
                    publishPending()
                    granted = reserve(1, wait: true)
                }
                guard granted == true else { return .end }
                if budgetUsed {
                    // Checked once room is held: the budget may have run out while this thread waited.
                    owe(-1)
                    budgetRanOut = true
                    return .end
                }
                var taken = take(webhook: true, wait: false)
                if case .none = taken, idle {
                    publishPending()
                    taken = take(webhook: true, wait: true)
                }
                switch taken {
                case .none:
                    owe(-1)
                    return .later
                case .end:
                    owe(-1)
                    return .end
                case let .item(item):
                    do {
                        return .request(try dispatcher.webhookRequest(for: item, now: now()))
                    } catch {
                        // Keeps its room in the window: its outcome is recorded like an attempted one's.
                        pending.results.append(DeliveryDispatcher.unsendable(item, error))
                    }
                }
            }
        }, received: { id, receipt in
            pending.results.append(DeliveryResult(notificationID: id, receipt: receipt))
            if pending.results.count >= chunk { publishPending() }
        })
        if budgetRanOut { deferRest(webhook: true, into: &pending) }
        publish(pending)
    }

    private func sendEmails() {
        while true {
            guard case let .item(first) = take(webhook: false, wait: true) else { return }
            var part = [first]
            while part.count < chunk, case let .item(item) = take(webhook: false, wait: false) { part.append(item) }
            guard reserve(part.count, wait: true) != nil else { return }
            if budgetUsed {
                // Checked once room is held, as for webhooks: nothing more starts, and these (their room
                // held) and the rest go back unstarted.
                var rest = Batch()
                for item in part { rest.deferred[item.notification.id] = .timeBudget }
                deferRest(webhook: false, into: &rest)
                publish(rest)
                return
            }
            publish(dispatcher.sendEmails(part, now: now()))
        }
    }

    /// Once the budget is used, everything of one channel still queued or added until the pipeline is
    /// closed comes back unstarted, handed over as it arrives.
    private func deferRest(webhook: Bool, into batch: inout Batch) {
        while true {
            switch take(webhook: webhook, wait: batch.deferred.isEmpty && batch.results.isEmpty) {
            case let .item(item):
                batch.deferred[item.notification.id] = .timeBudget
                owe(1)
            case .none:
                publish(batch)
                batch = Batch()
            case .end:
                return
            }
        }
    }

    /// Counts notifications handed back unattempted: the recorder releases them, and reports them as recorded.
    private func owe(_ count: Int) {
        condition.withLock { unrecorded += count }
    }
}

/// One channel's claimed notifications not yet taken by its thread: positions in the pipeline's slices.
private struct FeedQueue {
    var items: [(slice: Int, position: Int)] = []
    var head = 0
    var started = false
    var count: Int { items.count - head }
    var isEmpty: Bool { count == 0 }

    mutating func pop() -> (slice: Int, position: Int)? {
        guard head < items.count else { return nil }
        defer { head += 1 }
        return items[head]
    }
}

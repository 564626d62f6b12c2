import BreachDomain
import Foundation

/// Sends one claimed batch on threads of its own while the calling thread records the outcomes.
///
/// Webhooks stream through one `WebhookSender` connection cache, `maxConcurrent` in flight from the first
/// to the last, and emails go through the run's `SMTPTransport` a chunk at a time, each on its own thread.
/// Their results come back in batches of `chunk`, in the order the transfers end, for the caller to
/// record while the next ones are on the wire: sending and recording overlap on the two cores, and the
/// connections stay open across chunks.
///
/// At most `window` notifications are started and not yet recorded (`recorded(_:)`): the sending side
/// waits past that, so a run killed mid-fan-out re-sends at most `window` already accepted notifications
/// (with the same `Idempotency-Key`), and a slow recorder holds back the sending instead of letting
/// results pile up. No attempt starts once the time budget is used: what was not started comes back as
/// deferred (`.timeBudget`), for the caller to release unspent.
final class DeliveryPipeline: @unchecked Sendable {
    /// One hand-off to the recorder: results of attempted notifications, and notifications left unattempted.
    typealias Batch = DeliveryDispatcher.Dispatched

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

    /// Starts sending `claimed`: webhooks on one thread, emails on another.
    ///
    /// Each thread walks its positions in the one claimed array: a copy per channel would hold the batch
    /// (about 800 bytes a notification) twice for the whole run.
    func start(_ claimed: [ClaimedNotification]) {
        let webhooks = claimed.indices.filter { claimed[$0].notification.channel == .webhook }
        let emails = claimed.indices.filter { claimed[$0].notification.channel == .email }
        for (positions, areWebhooks) in [(webhooks, true), (emails, false)] where !positions.isEmpty {
            condition.withLock { sendersRunning += 1 }
            finished.enter()
            let thread = Thread { [self] in
                let items = ClaimedSubset(claimed: claimed, positions: positions)
                if areWebhooks { streamWebhooks(items) } else { sendEmails(items) }
                condition.withLock {
                    sendersRunning -= 1
                    condition.broadcast()
                }
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// The next batch of results, waiting for one; nil once every sender is done and every batch taken.
    func next() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && sendersRunning > 0 { condition.wait() }
        return ready.isEmpty ? nil : ready.removeFirst()
    }

    /// Tells the senders that a taken batch is recorded (its results) and released (its deferred).
    func recorded(_ batch: Batch) {
        condition.withLock {
            unrecorded -= batch.results.count + batch.deferred.count
            condition.broadcast()
        }
    }

    /// Stops the senders (recording failed): nothing more starts, and this returns once the transfers in
    /// flight have ended. Their outcomes are not recorded; the leases expire and a later run sends them
    /// again under the same keys.
    func cancel() {
        condition.withLock {
            cancelled = true
            condition.broadcast()
        }
        finished.wait()
    }

    // MARK: The sending threads

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

    private func streamWebhooks(_ items: ClaimedSubset) {
        var index = 0
        var pending = Batch()
        var stopped = false
        dispatcher.webhookSender.stream(now: now, signedAt: dispatcher.signedAt, next: { idle in
            while index < items.count, !stopped {
                var granted = reserve(1, wait: false)
                if granted == false {
                    guard idle else { return .later }
                    // Nothing is in flight: hand over what came back before waiting for room, or the
                    // recorder could be waiting for these very results.
                    publish(pending)
                    pending = Batch()
                    granted = reserve(1, wait: true)
                }
                switch granted {
                case nil, false?: stopped = true
                case true? where budgetUsed:
                    // Checked once room is held: the budget may have run out while this thread waited.
                    owe(-1)
                    stopped = true
                case true?:
                    let item = items[index]
                    index += 1
                    do {
                        return .request(try dispatcher.webhookRequest(for: item, now: now()))
                    } catch {
                        pending.results.append(DeliveryDispatcher.unsendable(item, error))
                    }
                }
            }
            return .end
        }, received: { id, receipt in
            pending.results.append(DeliveryResult(notificationID: id, receipt: receipt))
            if pending.results.count >= chunk {
                publish(pending)
                pending = Batch()
            }
        })
        if !isCancelled {
            for item in items[index...] { pending.deferred[item.notification.id] = .timeBudget }
            owe(items.count - index)
        }
        publish(pending)
    }

    private func sendEmails(_ items: ClaimedSubset) {
        for start in stride(from: 0, to: items.count, by: chunk) {
            let part = Array(items[start..<min(start + chunk, items.count)])
            if budgetUsed {
                // Nothing more starts: the rest goes back at once, in one batch.
                var rest = Batch()
                for item in items[start...] { rest.deferred[item.notification.id] = .timeBudget }
                owe(rest.deferred.count)
                publish(rest)
                return
            }
            guard reserve(part.count, wait: true) != nil else { return }
            publish(dispatcher.sendEmails(part, now: now()))
        }
    }

    /// Counts notifications handed back unattempted: the recorder releases them, and reports them as recorded.
    private func owe(_ count: Int) {
        condition.withLock { unrecorded += count }
    }

    private var isCancelled: Bool { condition.withLock { cancelled } }
}

/// The notifications of one channel in a claimed batch, by their positions in it (no copy of the batch).
private struct ClaimedSubset: RandomAccessCollection {
    let claimed: [ClaimedNotification]
    let positions: [Int]
    var startIndex: Int { 0 }
    var endIndex: Int { positions.count }
    subscript(index: Int) -> ClaimedNotification { claimed[positions[index]] }
}

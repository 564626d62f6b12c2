import Foundation

/// A bounded hand-off of rebuild batches from the thread that folds the log to the one that writes.
///
/// The producer blocks while `capacity` batches wait, so memory stays bounded whatever the log's size;
/// the consumer blocks while none is ready. Either side can end the exchange: the producer with
/// `finish(error:)` once the log is read (or could not be), the consumer with `cancel()` when writing
/// failed, which makes every later `send` return false so the producer stops reading.
final class RebuildChannel<Batch: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private let capacity: Int
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    init(capacity: Int) {
        precondition(capacity > 0, "RebuildChannel needs room for at least one batch")
        self.capacity = capacity
    }

    /// Hands `batch` to the consumer, waiting for room; false when the consumer has cancelled.
    func send(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    /// Marks the end of the batches: nothing more comes, and `error` (if any) is thrown to the consumer
    /// once the batches before it have been received.
    func finish(error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, waiting for it; nil once the producer finished and every batch was received.
    /// Throws the producer's error in place of the batches it never sent.
    func receive() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the exchange from the consumer's side: waiting and later sends return false at once.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

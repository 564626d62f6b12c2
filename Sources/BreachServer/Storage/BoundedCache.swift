import Foundation

/// A thread-safe dictionary that holds at most `capacity` entries, dropping the oldest half when full.
///
/// Dropping half at once keeps insertion amortised O(1) (no shift of the order per miss); what is dropped
/// is only re-read or re-rendered on its next request.
final class BoundedCache<Key: Hashable & Sendable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private let capacity: Int
    private var values: [Key: Value] = [:]
    /// Insertion order, for eviction.
    private var order: [Key] = []

    init(capacity: Int) {
        precondition(capacity > 1)
        self.capacity = capacity
    }

    /// How many entries are held now.
    var count: Int { lock.withLock { values.count } }

    subscript(key: Key) -> Value? {
        get { lock.withLock { values[key] } }
        set {
            lock.withLock {
                guard let newValue else {
                    if values.removeValue(forKey: key) != nil { order.removeAll { $0 == key } }
                    return
                }
                guard values.updateValue(newValue, forKey: key) == nil else { return }
                order.append(key)
                if order.count > capacity {
                    let evicted = order.prefix(order.count - capacity / 2)
                    for old in evicted { values[old] = nil }
                    order.removeFirst(evicted.count)
                }
            }
        }
    }
}

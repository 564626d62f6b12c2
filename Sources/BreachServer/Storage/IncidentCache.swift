import BreachDomain
import BreachKit
import Foundation

/// Incidents as last folded by the server, reused while their streams have not moved.
///
/// Folding decodes every event of an incident; a dashboard or a ticketing tool polling one incident asks
/// for the same state again and again. A cached state is used only when the stream's version in the
/// reader's snapshot is the one it was folded at (one indexed look-up), so a write by any process — the
/// CLI, a checker, another server — is seen on the next request, as with `FoldedIncidents` in a check
/// pass. Bounded: past `capacity` incidents the oldest entries make room.
final class IncidentCache: @unchecked Sendable {
    /// Enough for every incident a team looks at in a day; a few MB at most.
    static let defaultCapacity = 4_096

    private let lock = NSLock()
    private let capacity: Int
    private var states: [String: Incident] = [:]
    /// Insertion order, for eviction.
    private var order: [String] = []
    /// How many requests were answered by folding (for tests and for reasoning about load).
    private(set) var folds = 0
    /// How many incidents are held now.
    var cached: Int { lock.withLock { states.count } }

    init(capacity: Int = IncidentCache.defaultCapacity) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// The current state of incident `id` as `reader` sees it; throws "unknown incident" like
    /// `IncidentService.load` when there is none.
    func incident(_ id: String, in reader: any EventLogReader) throws -> Incident {
        let version = try reader.version(of: id)
        if version > 0, let cached = lock.withLock({ states[id] }), cached.version == version { return cached }
        let state = try IncidentService.load(id, from: reader)
        lock.withLock {
            folds += 1
            if states.updateValue(state, forKey: id) == nil {
                order.append(id)
                if order.count > capacity {
                    // Drop the oldest half at once: amortised O(1) per insertion instead of a shift per miss.
                    let evicted = order.prefix(order.count - capacity / 2)
                    for key in evicted { states[key] = nil }
                    order.removeFirst(evicted.count)
                }
            }
        }
        return state
    }
}

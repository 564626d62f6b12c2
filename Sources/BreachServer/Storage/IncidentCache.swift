import BreachDomain
import BreachKit
import Foundation

/// Incidents as last folded by the server, reused while their streams have not moved.
///
/// Folding decodes every event of an incident; a dashboard or a ticketing tool polling one incident asks
/// for the same state again and again. A cached state is used only when the stream's version in the
/// reader's snapshot is the one it was folded at (one indexed look-up), so a write by any process — the
/// CLI, a checker, another server — is seen on the next request, as with `FoldedIncidents` in a check
/// pass.
final class IncidentCache: @unchecked Sendable {
    /// Enough for every incident a team looks at in a day; a few MB at most.
    static let defaultCapacity = 4_096

    private let states: BoundedCache<String, Incident>
    private let lock = NSLock()
    private var foldCount = 0

    init(capacity: Int = IncidentCache.defaultCapacity) {
        states = BoundedCache(capacity: capacity)
    }

    /// How many requests were answered by folding (for tests and for reasoning about load).
    var folds: Int { lock.withLock { foldCount } }
    /// How many incidents are held now.
    var cached: Int { states.count }

    /// The current state of incident `id` as `reader` sees it; throws "unknown incident" like
    /// `IncidentService.load` when there is none.
    func incident(_ id: String, in reader: any EventLogReader) throws -> Incident {
        try incident(id, version: try reader.version(of: id), in: reader)
    }

    /// The same, when the caller has just read the stream's `version` in the same snapshot.
    func incident(_ id: String, version: Int, in reader: any EventLogReader) throws -> Incident {
        if version > 0, let cached = states[id], cached.version == version { return cached }
        let state = try IncidentService.load(id, from: reader)
        lock.withLock { foldCount += 1 }
        states[id] = state
        return state
    }
}

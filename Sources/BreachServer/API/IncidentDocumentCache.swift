import BreachDomain
import BreachKit
import Foundation
import NIOCore

/// The body of `GET /api/v1/incidents/{id}`, rendered at most once per second per incident version.
///
/// The document depends on the incident's events and on the time (overdue flags, hours elapsed); every
/// time in it is to the second, so it is rendered at the whole second, and a cached body is byte for byte
/// what a fresh rendering at that second gives. A write to the incident moves its version and the next
/// request renders anew. A body is also stamped with the store's change count read before the snapshot
/// that last confirmed it, so that while nothing is committed it is served without reading the store.
final class IncidentDocumentCache: @unchecked Sendable {
    private struct Rendered {
        let version: Int
        let second: Int64
        let body: NIOCore.ByteBuffer
        var confirmedAt: Int64?
    }

    private let incidents: IncidentCache
    private let bodies = BoundedCache<String, Rendered>(capacity: IncidentCache.defaultCapacity)
    private let lock = NSLock()
    private var renderCount = 0

    init(incidents: IncidentCache) {
        self.incidents = incidents
    }

    /// How many bodies were rendered (for tests).
    var renders: Int { lock.withLock { renderCount } }

    /// The pretty JSON (with its final newline) of incident `id` as `reader` sees it at `now`.
    /// `changeCount`, read before `reader`'s snapshot began, stamps the body it returns.
    func body(_ id: String, in reader: any EventLogReader, now: Date, changeCount: Int64? = nil) throws -> NIOCore.ByteBuffer {
        let version = try reader.version(of: id)
        let second = Self.second(of: now)
        if version > 0, var hit = bodies[id], hit.version == version, hit.second == second {
            if let changeCount, hit.confirmedAt != changeCount {
                hit.confirmedAt = changeCount
                bodies[id] = hit
            }
            return hit.body
        }
        let incident = try incidents.incident(id, version: version, in: reader)
        let document = IncidentDocument.json(incident, now: Date(timeIntervalSince1970: Double(second)))
        let body = NIOCore.ByteBuffer(string: document.prettySerialized() + "\n")
        lock.withLock { renderCount += 1 }
        bodies[id] = Rendered(version: incident.version, second: second, body: body, confirmedAt: changeCount)
        return body
    }

    /// The body of incident `id` at `now` when one was rendered for that second and nothing was committed
    /// since it was confirmed at `changeCount`; nil means only that the store must be read.
    func bodyIfUnchanged(_ id: String, changeCount: Int64, now: Date) -> NIOCore.ByteBuffer? {
        guard let hit = bodies[id], hit.confirmedAt == changeCount, hit.second == Self.second(of: now) else { return nil }
        return hit.body
    }

    private static func second(of date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}

import BreachDomain
import BreachKit
import Foundation
import NIOCore

/// The body of `GET /api/v1/incidents/{id}`, rendered at most once per second per incident version.
///
/// The document depends on the incident's events and on the time (overdue flags, hours elapsed); every
/// time in it is to the second, so it is rendered at the whole second, and a cached body is byte for byte
/// what a fresh rendering at that second gives. A write to the incident moves its version and the next
/// request renders anew.
final class IncidentDocumentCache: @unchecked Sendable {
    private struct Rendered {
        let version: Int
        let second: Int64
        let body: NIOCore.ByteBuffer
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
    func body(_ id: String, in reader: any EventLogReader, now: Date) throws -> NIOCore.ByteBuffer {
        let version = try reader.version(of: id)
        let second = Int64(now.timeIntervalSince1970.rounded(.down))
        if version > 0, let hit = bodies[id], hit.version == version, hit.second == second { return hit.body }
        let incident = try incidents.incident(id, version: version, in: reader)
        let document = IncidentDocument.json(incident, now: Date(timeIntervalSince1970: Double(second)))
        let body = NIOCore.ByteBuffer(string: document.prettySerialized() + "\n")
        lock.withLock { renderCount += 1 }
        bodies[id] = Rendered(version: incident.version, second: second, body: body)
        return body
    }
}

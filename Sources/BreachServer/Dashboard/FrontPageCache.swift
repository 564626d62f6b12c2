import BreachDomain
import BreachKit
import Foundation
import NIOCore

/// The dashboard's front page, rendered at most once per second per signed-in token while the log is
/// unchanged.
///
/// The page is a function of the log (its head: sequence and hash), the second it is rendered at (every
/// time on it is shown to the second, so it is rendered at the whole second) and the token's name; a
/// cached page is therefore byte for byte the page a fresh rendering would give. Any event, from any
/// process, moves the head, and the next request renders anew. The sorted open incidents are kept per
/// head too, so a new second re-renders without re-reading and re-sorting ten thousand rows.
final class FrontPageCache: @unchecked Sendable {
    private struct Rendered {
        let head: ChainHead
        let second: Int64
        let signedIn: String
        let page: NIOCore.ByteBuffer
    }

    /// Pages kept: one per token viewing the dashboard in the same second, a handful in practice.
    static let pagesKept = 8

    private let lock = NSLock()
    private var sorted: (head: ChainHead, rows: [IncidentsPage.Row])?
    private var pages: [Rendered] = []
    /// How many times the open incidents were read and sorted, and pages rendered (for tests).
    private(set) var reads = 0
    private(set) var renders = 0

    /// The front page as `reader` sees the log at `now`, for the token named `signedIn`.
    func page(in reader: any StoreReader, now: Date, signedIn: String) throws -> NIOCore.ByteBuffer {
        let head = try reader.head()
        let second = Int64(now.timeIntervalSince1970.rounded(.down))
        if let hit = lock.withLock({ pages.first { $0.head == head && $0.second == second && $0.signedIn == signedIn } }) {
            return hit.page
        }
        let rows: [IncidentsPage.Row]
        if let cached = lock.withLock({ sorted }), cached.head == head {
            rows = cached.rows
        } else {
            rows = IncidentsPage.rows(try reader.incidentSummaries(IncidentFilter(openOnly: true), now: now))
            lock.withLock { sorted = (head, rows); reads += 1 }
        }
        let page = NIOCore.ByteBuffer(string: IncidentsPage.render(rows, now: Date(timeIntervalSince1970: Double(second)), signedIn: signedIn))
        lock.withLock {
            renders += 1
            pages.insert(Rendered(head: head, second: second, signedIn: signedIn, page: page), at: 0)
            if pages.count > Self.pagesKept { pages.removeLast() }
        }
        return page
    }
}

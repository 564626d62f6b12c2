import BreachDomain
import Foundation

/// `breach copy`: the whole log from one store to another (SQLite ↔ PostgreSQL), every sequence number
/// and hash kept, in one unit of work on the target; then the target's read models are rebuilt.
public enum LogCopier {
    /// What a copy did: how many events, and the head both stores now share.
    public struct Result: Sendable {
        public let events: Int
        public let head: ChainHead
        public let incidents: Int
    }

    /// Copies every event of `source` into `target`, which must hold no events.
    ///
    /// Each event's hash is recomputed before it is written, and each must chain to the one before: a
    /// damaged source is refused, not copied. All or nothing: a failure leaves the target as it was.
    public static func copy(from source: any BreachStore, to target: any BreachStore,
                            progress: ((_ copied: Int, _ total: Int64) -> Void)? = nil) throws -> Result {
        let total = try source.read { try $0.head().sequence }
        var copied = 0
        var head = ChainHead.genesis
        try target.write { unit in
            let existing = try unit.head()
            guard existing.sequence == 0 else {
                throw BreachError.refused("\(target.location) already holds \(existing.sequence) events; breach copy writes only into an empty database (a freshly initialised one counts as empty)")
            }
            guard let importer = unit as? EventImporter else {
                throw BreachError(.internalError, "the \(target.backendName) backend cannot import events")
            }
            var batch: [StoredEvent] = []
            batch.reserveCapacity(1_000)
            func flush() throws {
                try importer.importEvents(batch)
                copied += batch.count
                batch.removeAll(keepingCapacity: true)
                progress?(copied, total)
            }
            try source.read { reader in
                guard let scanner = reader as? EventLogScanner else {
                    throw BreachError(.internalError, "the \(source.backendName) backend cannot scan its log")
                }
                try scanner.forEachEvent { event in
                    guard event.sequence == head.sequence + 1, event.previousHash == head.hash, EventHasher.hash(of: event) == event.hash else {
                        throw BreachError(.integrity, "\(source.location): event #\(event.sequence) does not verify (run `breach verify` on it); nothing was copied")
                    }
                    head = ChainHead(sequence: event.sequence, hash: event.hash)
                    batch.append(event)
                    if batch.count >= 1_000 { try flush() }
                }
            }
            if !batch.isEmpty { try flush() }
        }
        let stats = try target.rebuild(progress: nil)
        return Result(events: copied, head: head, incidents: stats.incidents)
    }
}

import BreachDomain
import Foundation

/// Reading the whole log in order, for `breach copy`.
public protocol EventLogScanner {
    /// Calls `body` with every stored event in sequence order, without holding them all.
    func forEachEvent(_ body: (StoredEvent) throws -> Void) throws
}

/// Writing events exactly as another store holds them, for `breach copy`: same sequence, actor, times
/// and hashes, so the copy verifies with the same head hash.
public protocol EventImporter {
    /// Appends `events`, which must continue this log's chain (the first chains to the current head).
    /// The read models are not touched: the copy rebuilds them once at the end.
    func importEvents(_ events: [StoredEvent]) throws
}

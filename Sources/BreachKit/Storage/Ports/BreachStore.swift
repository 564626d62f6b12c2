import BreachDomain
import Foundation

/// A storage backend: the one owner of its database, handing out snapshots to read and units of work to write.
///
/// Application code never sees SQL or a database library: it asks a `StoreReader` questions and gives a
/// `StoreTransaction` events and read models to keep. Each backend (today SQLite, under `Storage/SQLite`)
/// implements these ports with its own locking: how incidents are numbered, how the chain head is
/// serialised, how leases are taken. The ports are synchronous: the CLI does one thing at a time, and a
/// synchronous driver keeps start-up quick (docs/architecture.md, "Storage ports").
public protocol BreachStore: AnyObject, Sendable {
    /// The backend's name as `verify --json` reports it: `sqlite` or `postgresql`.
    var backendName: String { get }
    /// Where the data lives, for messages: a file path, or a connection URI without its password.
    var location: String { get }
    /// What opening the store found and fixed that the operator should hear of (one line each).
    var openingWarnings: [String] { get }

    /// Runs `body` against one consistent snapshot.
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T

    /// Runs `body` as one unit of work: its appends, read-model writes and leases commit together or not at
    /// all, and the backend serialises it against every other writer before `body` reads anything, so a
    /// read-decide-append cycle inside cannot interleave with another process's.
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T

    /// Empties every read model and refolds them from the log, in one unit of work.
    func rebuild(progress: ((Int) -> Void)?) throws -> RebuildStats

    /// Recomputes the hash chain and the read models and reports the first divergence.
    func verify() throws -> IntegrityReport

    /// A cheap way to learn that nothing was committed since a cache entry was read, or nil where the
    /// backend has none (see `StoreChangeCounter`).
    func changeCounter() -> (any StoreChangeCounter)?

    /// Whether `notify` should queue a large audience in slices while it sends (`QueueFeed`): where queueing
    /// is the client's own work (SQLite) it overlaps with sending on the other core; where most of it is
    /// the server's (PostgreSQL), the calling thread waits on each slice while the senders wait on it.
    var overlapsQueueingWithSending: Bool { get }
}

extension BreachStore {
    /// Not by default: queued whole, then sent (PostgreSQL today: 2.75–3.35 s for 10,000 webhooks, against
    /// 3.26–3.40 s in slices).
    public var overlapsQueueingWithSending: Bool { false }
}

/// What a rebuild did.
public struct RebuildStats: Sendable {
    public let events: Int
    public let incidents: Int

    public init(events: Int, incidents: Int) {
        self.events = events
        self.incidents = incidents
    }
}

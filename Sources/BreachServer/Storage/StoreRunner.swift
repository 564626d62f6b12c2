import BreachKit
import Foundation
import NIOPosix

/// Runs synchronous store calls on a bounded pool of threads, each with its own store connection.
///
/// The storage ports are synchronous (docs/architecture.md, "Storage ports"); calling them on an event
/// loop would stall every connection that loop serves. The pool bounds how many run at once; each job
/// borrows one of as many stores as there are threads, so SQLite readers proceed side by side in WAL mode
/// while its write lock (or PostgreSQL's row locks) serialise the writers.
final class StoreRunner: @unchecked Sendable {
    private let pool: NIOThreadPool
    private let lock = NSLock()
    private var idle: [any BreachStore]
    /// Whether anything was committed since a cache entry was stamped, asked without a pool job; nil where
    /// the backend cannot tell (every request then reads the store).
    let changes: (any StoreChangeCounter)?

    /// Opens `threads` stores at `location` and starts the pool.
    init(location: String, threads: Int) throws {
        precondition(threads > 0)
        idle = try (0..<threads).map { _ in try BreachStores.open(location) }
        changes = idle.first?.changeCounter()
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// What opening the first store found and fixed, for the operator.
    var openingWarnings: [String] { lock.withLock { idle.first?.openingWarnings ?? [] } }

    /// Runs `body` with a store on one of the pool's threads and returns what it returns.
    func run<T: Sendable>(_ body: @escaping @Sendable (any BreachStore) throws -> T) async throws -> T {
        try await pool.runIfActive { [self] in
            let store = borrow()
            defer { giveBack(store) }
            return try body(store)
        }
    }

    /// Stops taking work once the running jobs finish (after the server stopped accepting requests).
    func shutdown() async throws {
        try await pool.shutdownGracefully()
    }

    private func borrow() -> any BreachStore {
        // As many stores as threads, and a job holds one only while it runs on a thread: never empty.
        lock.withLock { idle.removeLast() }
    }

    private func giveBack(_ store: any BreachStore) {
        lock.withLock { idle.append(store) }
    }
}

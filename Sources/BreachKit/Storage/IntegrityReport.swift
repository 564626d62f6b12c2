import BreachDomain
import Foundation

/// What `breach verify` found: the chain's head and the first divergence of each kind.
public struct IntegrityReport: Sendable {
    public var events = 0
    public var headSequence: Int64 = 0
    public var headHash = EventHasher.genesis
    /// The first problem found in the chain, with the sequence number where it starts.
    public var chainProblem: (sequence: Int64, message: String)?
    /// The first projection divergence found.
    public var projectionProblem: String?
    /// Damage to the storage itself (SQLite's `PRAGMA quick_check`), even in pages the chain never reads.
    public var storageProblem: String?
    /// Receipts (and checkpoints) whose effective time is more than five minutes from their real time:
    /// not a break of the chain, but shown so that `--now` can never hide (`Backdating`).
    public var backdatedEvidence = 0

    public init() {}

    public var isIntact: Bool { chainProblem == nil && projectionProblem == nil && storageProblem == nil }
}

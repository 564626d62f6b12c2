import BreachDomain
import Foundation

/// Reading the append-only event log.
public protocol EventLogReader {
    /// The stored events of one stream, in version order (empty when the stream has none).
    func events(of stream: String) throws -> [StoredEvent]
    /// The current version of a stream: 0 when it has no events.
    func version(of stream: String) throws -> Int
    /// The last event's sequence and hash: the head of the chain (0 and the genesis hash when empty).
    func head() throws -> ChainHead
    /// The stored hash of event `sequence`, or nil when the log has no such event.
    func hash(atSequence sequence: Int64) throws -> String?
}

/// The newest event of the log: what a new event chains to, and what `verify` and exports quote.
public struct ChainHead: Sendable, Equatable {
    public let sequence: Int64
    public let hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The head of an empty log.
    public static let genesis = ChainHead(sequence: 0, hash: EventHasher.genesis)
}

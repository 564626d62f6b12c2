import BreachDomain
import Foundation

/// Appending to the event log inside a unit of work.
public protocol EventLogWriter {
    /// Appends `events` to `stream`, which must currently be at `expectedVersion`, chained and hashed.
    ///
    /// Either all events are appended or none: a stream that moved on throws `BreachError(.conflict)` and
    /// the unit of work rolls back. Appends within one unit of work chain to each other.
    @discardableResult
    func append(_ events: [NewEvent], to stream: String, expectedVersion: Int, recordedAt: Date) throws -> [StoredEvent]
}

/// A new event to append: its type and payload, effective time and actor.
public struct NewEvent: Sendable {
    public let type: String
    public let payload: JSONValue
    public let effectiveAt: Date
    public let actor: String

    public init(type: String, payload: JSONValue, effectiveAt: Date, actor: String) {
        self.type = type
        self.payload = payload
        self.effectiveAt = effectiveAt
        self.actor = actor
    }

    public init(_ recorded: RecordedIncidentEvent) {
        self.init(type: recorded.event.type, payload: recorded.event.payload, effectiveAt: recorded.effectiveAt, actor: recorded.actor)
    }
}

/// The conflict a stream that moved on since it was read raises, on every backend.
public enum StreamConflict {
    public static func error(_ stream: String) -> BreachError {
        BreachError(.conflict, "\(stream) was changed by someone else at the same time; re-run the command")
    }
}

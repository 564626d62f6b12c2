import BreachDomain
import Foundation

/// One event of the append-only log, exactly as stored and hashed, on any backend.
public struct StoredEvent: Sendable, Equatable {
    public let sequence: Int64
    public let stream: String
    public let version: Int
    public let type: String
    public let schemaVersion: Int
    /// Canonical JSON text; the hash covers these exact bytes.
    public let payload: String
    public let effectiveAt: String
    public let recordedAt: String
    public let actor: String
    public let previousHash: String
    public let hash: String

    init(sequence: Int64, stream: String, version: Int, type: String, schemaVersion: Int, payload: String,
         effectiveAt: String, recordedAt: String, actor: String, previousHash: String, hash: String) {
        self.sequence = sequence
        self.stream = stream
        self.version = version
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.effectiveAt = effectiveAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.previousHash = previousHash
        self.hash = hash
    }

    /// True for the events of the contact registry (streams `contact:<id>`).
    public var isContactEvent: Bool { Contact.id(ofStream: stream) != nil }

    /// Decodes a contact event.
    public func decodedContact() throws -> ContactEvent {
        let json: JSONValue
        do { json = try JSONValue.parse(payload) } catch {
            throw Self.unreadablePayload(sequence: sequence, stream: stream, version: version, error)
        }
        return try Self.decoding(sequence: sequence, type: type) { () throws(EventDecodingError) in
            try ContactEvent(type: type, payload: json)
        }
    }

    /// Decodes the domain event, upcasting old schema versions.
    public func decoded() throws -> RecordedIncidentEvent {
        let json: JSONValue
        do { json = try JSONValue.parse(payload) } catch {
            throw Self.unreadablePayload(sequence: sequence, stream: stream, version: version, error)
        }
        return try Self.decodeIncidentEvent(sequence: sequence, type: type, schemaVersion: schemaVersion, payload: json,
                                            effectiveAt: RFC3339.parse(effectiveAt), effectiveText: effectiveAt, actor: actor)
    }

    /// The decoding shared by `decoded()` and the rebuild's scan (`EventScan`): upcast, decode, check the time.
    static func decodeIncidentEvent(sequence: Int64, type: String, schemaVersion: Int, payload: JSONValue, effectiveAt: Date?,
                                    effectiveText: @autoclosure () -> String, actor: String) throws -> RecordedIncidentEvent {
        let event = try decoding(sequence: sequence, type: type) { () throws(EventDecodingError) in
            try IncidentEvent(type: type, payload: try EventUpcaster.upcast(type: type, schemaVersion: schemaVersion, payload: payload))
        }
        guard let effectiveAt else {
            throw BreachError(.database, "event #\(sequence) has a malformed effective time '\(effectiveText())'; run `breach verify`")
        }
        return RecordedIncidentEvent(event, at: effectiveAt, by: actor)
    }

    static func unreadablePayload(sequence: Int64, stream: String, version: Int, _ error: JSONParseError) -> BreachError {
        BreachError(.database, "event #\(sequence) (\(stream) v\(version)) has an unreadable payload: \(error); run `breach verify`", cause: error)
    }

    /// Runs a domain decoder on event `sequence`. A stored payload its type cannot read is a damaged
    /// database (exit 73) naming the event, not an internal error: every decoder of stored events
    /// goes through here.
    static func decoding<T>(sequence: Int64, type: String, _ decode: () throws(EventDecodingError) -> T) throws(BreachError) -> T {
        do {
            return try decode()
        } catch {
            throw BreachError(.database, "event #\(sequence) (type \(type)) cannot be decoded: \(error.reason); run `breach verify`", cause: error)
        }
    }
}

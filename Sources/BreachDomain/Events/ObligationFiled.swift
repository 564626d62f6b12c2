import Foundation

/// The `obligation.filed` payload: a filing made outside breach (a regulator's portal, a phone call)
/// recorded with `breach file`. It meets the obligation at `filedAt` and counts for `fulfilled:` anchors.
public struct ObligationFiled: Sendable, Equatable {
    public var obligationID: String
    /// The regulator's reference (case number, portal receipt id).
    public var reference: String
    /// When the filing was made (`file --at`), which may be before the command ran.
    public var filedAt: Date
    /// The evidence file's digest and size: its bytes are never stored.
    public var evidence: Evidence?

    /// What is kept of an evidence file.
    public struct Evidence: Sendable, Equatable {
        /// The file name as given (its last path component), to find it again.
        public var name: String
        /// Lowercase hex SHA-256 of the file's bytes.
        public var sha256: String
        public var size: Int64
        public init(name: String, sha256: String, size: Int64) {
            self.name = name
            self.sha256 = sha256
            self.size = size
        }
    }

    public init(obligationID: String, reference: String, filedAt: Date, evidence: Evidence?) {
        self.obligationID = obligationID
        self.reference = reference
        self.filedAt = filedAt
        self.evidence = evidence
    }

    public static let type = "obligation.filed"
    public static let schemaVersion = 1
    /// The channel reports show for a filing.
    public static let channel = "manual"

    public enum Key {
        public static let obligationID = "obligation_id", reference = "reference", filedAt = "filed_at", evidence = "evidence"
        static let name = "name", sha256 = "sha256", size = "size"
    }

    public var payload: JSONValue {
        .object([
            (Key.obligationID, .string(obligationID)), (Key.reference, .string(reference)), (Key.filedAt, .time(filedAt)),
            (Key.evidence, evidence.map { .object([(Key.name, .string($0.name)), (Key.sha256, .string($0.sha256)), (Key.size, .int($0.size))]) } ?? .null),
        ])
    }

    public init(payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: Self.type, payload: payload)
        var evidence: Evidence?
        if let value = payload[Key.evidence], !value.isNull {
            guard let name = value[Key.name]?.stringValue, let digest = value[Key.sha256]?.stringValue, let size = value[Key.size]?.intValue else {
                throw EventDecodingError(type: Self.type, reason: "field 'evidence' is malformed")
            }
            evidence = Evidence(name: name, sha256: digest, size: Int64(size))
        }
        self.init(obligationID: try reader.string(Key.obligationID), reference: try reader.string(Key.reference),
                  filedAt: try reader.time(Key.filedAt), evidence: evidence)
    }
}

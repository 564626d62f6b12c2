import Foundation

/// Something that happened to the audit trail or to who may reach it: the events of the `audit:` streams.
///
/// Kept apart from incidents and contacts (their own streams, no read model): a checkpoint states what the
/// whole log looked like, an API token or an alert fingerprint belongs to no incident. Being events, they
/// are chained, copied between backends and verified like everything else.
public enum AuditEvent: Sendable, Equatable {
    /// A signed statement that event `sequence` of the log had hash `headHash` at the real time `signedAt`.
    case checkpoint(Checkpoint)
    /// An API token was created (only its hash is recorded), on the `audit:tokens` stream.
    case tokenCreated(APIToken)
    /// An API token was revoked, on the `audit:tokens` stream.
    case tokenRevoked(name: String)
    /// Alert intake opened `incidentID` for a fingerprint, on that fingerprint's `audit:intake:` stream.
    case alertOpened(AlertFingerprintLink)

    /// The stream every audit event is appended to.
    public static let stream = "audit:checkpoints"

    /// True for the audit stream (not an incident, not a contact).
    public static func isAuditStream(_ stream: String) -> Bool { stream.hasPrefix("audit:") }

    /// The stored type name of a checkpoint, stable forever once shipped.
    public static let checkpointType = "audit.checkpoint"
    public static let tokenCreatedType = "token.created"
    public static let tokenRevokedType = "token.revoked"
    public static let alertOpenedType = "intake.alert_opened"

    /// The stored type name, stable forever once shipped.
    public var type: String {
        switch self {
        case .checkpoint: Self.checkpointType
        case .tokenCreated: Self.tokenCreatedType
        case .tokenRevoked: Self.tokenRevokedType
        case .alertOpened: Self.alertOpenedType
        }
    }

    public var payload: JSONValue {
        switch self {
        case let .checkpoint(checkpoint): checkpoint.payload
        case let .tokenCreated(token): token.payload
        case let .tokenRevoked(name): .object([("name", .string(name))])
        case let .alertOpened(link): link.payload
        }
    }

    public init(type: String, payload: JSONValue) throws(EventDecodingError) {
        switch type {
        case Self.checkpointType:
            guard let checkpoint = Checkpoint(payload: payload) else { throw EventDecodingError(type: type, reason: "malformed checkpoint") }
            self = .checkpoint(checkpoint)
        case Self.tokenCreatedType:
            guard let token = APIToken(payload: payload) else { throw EventDecodingError(type: type, reason: "malformed token") }
            self = .tokenCreated(token)
        case Self.tokenRevokedType:
            guard let name = payload["name"]?.stringValue else { throw EventDecodingError(type: type, reason: "token name missing") }
            self = .tokenRevoked(name: name)
        case Self.alertOpenedType:
            guard let link = AlertFingerprintLink(payload: payload) else { throw EventDecodingError(type: type, reason: "malformed fingerprint link") }
            self = .alertOpened(link)
        default:
            throw EventDecodingError(type: type, reason: "unknown audit event type (written by a newer breach?)")
        }
    }
}

/// What a checkpoint states, and the Ed25519 signature over it.
///
/// The signed bytes are `breach-checkpoint-v1 LF <sequence> LF <head_hash> LF <signed_at>` (UTF-8, the
/// time as RFC 3339 with milliseconds): a fixed, unambiguous form that witnesses can check with any
/// Ed25519 library.
public struct Checkpoint: Sendable, Equatable {
    /// The last event of the log the checkpoint covers.
    public var sequence: Int64
    /// That event's hash: the whole chain up to it.
    public var headHash: String
    /// The real (wall) clock when it was signed; never `--now`.
    public var signedAt: Date
    /// The signer's Ed25519 public key, base64 of its 32 raw bytes.
    public var publicKey: String
    /// Base64 of the 64-byte Ed25519 signature over `signedBytes`.
    public var signature: String

    public init(sequence: Int64, headHash: String, signedAt: Date, publicKey: String, signature: String) {
        self.sequence = sequence
        self.headHash = headHash
        self.signedAt = signedAt
        self.publicKey = publicKey
        self.signature = signature
    }

    /// The bytes the signature covers.
    public static func signedBytes(sequence: Int64, headHash: String, signedAt: Date) -> Data {
        Data("breach-checkpoint-v1\n\(sequence)\n\(headHash)\n\(RFC3339.formatMillis(signedAt))".utf8)
    }

    public var signedBytes: Data { Self.signedBytes(sequence: sequence, headHash: headHash, signedAt: signedAt) }

    /// The payload, which is also the JSON line a witness receives and keeps.
    public var payload: JSONValue {
        .object([("sequence", .int(sequence)), ("head_hash", .string(headHash)),
                 ("signed_at", .string(RFC3339.formatMillis(signedAt))), ("public_key", .string(publicKey)),
                 ("signature", .string(signature))])
    }

    /// Reads a payload (or a witness's JSON line); nil when a field is missing or malformed.
    public init?(payload: JSONValue) {
        guard let sequence = payload["sequence"]?.intValue, let headHash = payload["head_hash"]?.stringValue,
              let signedAt = payload["signed_at"]?.stringValue.flatMap(RFC3339.parse),
              let publicKey = payload["public_key"]?.stringValue, let signature = payload["signature"]?.stringValue
        else { return nil }
        self.init(sequence: Int64(sequence), headHash: headHash, signedAt: signedAt, publicKey: publicKey, signature: signature)
    }
}

import Foundation

/// What an API token lets its holder do on `breach serve`.
///
/// `read` sees incidents, reports and the dashboard; `intake` posts alerts; `write` may do both.
public enum TokenScope: String, Sendable, CaseIterable, Equatable {
    case read, intake, write

    /// Whether a token of this scope may make a request that needs `needed`.
    public func allows(_ needed: TokenScope) -> Bool {
        self == needed || self == .write
    }
}

/// An API token as the log records it: its name, scope and the SHA-256 of its secret — never the secret.
public struct APIToken: Sendable, Equatable {
    public var name: String
    public var scope: TokenScope
    /// Lower-case hex SHA-256 of the token text the holder presents.
    public var secretHash: String
    /// When it was created (the effective time of `token.created`).
    public var createdAt: Date

    public init(name: String, scope: TokenScope, secretHash: String, createdAt: Date) {
        self.name = name
        self.scope = scope
        self.secretHash = secretHash
        self.createdAt = createdAt
    }

    /// The stream every token event is appended to.
    public static let stream = "audit:tokens"

    /// Token names: what `token:NAME` actors and `token revoke NAME` use.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))) || scalar == "-" || scalar == "_" || scalar == "."
        }
    }

    public var payload: JSONValue {
        .object([("name", .string(name)), ("scope", .string(scope.rawValue)), ("sha256", .string(secretHash)),
                 ("created_at", .string(RFC3339.format(createdAt)))])
    }

    public init?(payload: JSONValue) {
        guard let name = payload["name"]?.stringValue, let scope = payload["scope"]?.stringValue.flatMap(TokenScope.init(rawValue:)),
              let hash = payload["sha256"]?.stringValue, let created = payload["created_at"]?.stringValue.flatMap(RFC3339.parse)
        else { return nil }
        self.init(name: name, scope: scope, secretHash: hash, createdAt: created)
    }

    /// The tokens in force after `events` (oldest first): created and not revoked since, by name.
    public static func fold(_ events: [AuditEvent]) -> [String: APIToken] {
        var tokens: [String: APIToken] = [:]
        for event in events {
            switch event {
            case let .tokenCreated(token): tokens[token.name] = token
            case let .tokenRevoked(name): tokens[name] = nil
            default: continue
            }
        }
        return tokens
    }
}

/// Intake's record that an alert fingerprint opened an incident: how a later alert finds it again.
public struct AlertFingerprintLink: Sendable, Equatable {
    public var fingerprint: String
    public var incidentID: String

    public init(fingerprint: String, incidentID: String) {
        self.fingerprint = fingerprint
        self.incidentID = incidentID
    }

    /// The stream of one fingerprint; hashed so any fingerprint text makes a short, fixed-form stream name.
    public static func stream(fingerprintDigest: String) -> String { "audit:intake:" + fingerprintDigest }

    public var payload: JSONValue {
        .object([("fingerprint", .string(fingerprint)), ("incident_id", .string(incidentID))])
    }

    public init?(payload: JSONValue) {
        guard let fingerprint = payload["fingerprint"]?.stringValue, let id = payload["incident_id"]?.stringValue else { return nil }
        self.init(fingerprint: fingerprint, incidentID: id)
    }
}

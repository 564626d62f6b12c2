import BreachDomain
import Crypto
import Foundation

/// The API tokens of `breach serve`: each creation and revocation an event on the `audit:tokens` stream.
///
/// Tokens are events rather than rows of their own table so that they are chained, verified and copied
/// between backends like the rest of the log, and so that who created or revoked a token, and when, is on
/// the record. Only the SHA-256 of a token's secret is stored; the secret is 256 random bits, so a fast
/// hash is enough (nothing to brute-force), and the server can look a presented token up by its hash.
public struct TokenRegistry: Sendable {
    public let store: any BreachStore
    public let clock: any BreachClock
    public let wallClock: any BreachClock
    public let actor: String

    /// What every token text starts with, so a leaked one is recognisable (secret scanners, logs).
    public static let prefix = "breach_"

    public init(store: any BreachStore, clock: any BreachClock, actor: String, wallClock: any BreachClock = SystemClock()) {
        self.store = store
        self.clock = clock
        self.actor = actor
        self.wallClock = wallClock
    }

    /// A token just created: the record kept, and the secret shown once.
    public struct Created: Sendable {
        public let token: APIToken
        public let secret: String
    }

    /// Creates token `name` with `scope`; refuses a name in use (revoke it first).
    public func create(name: String, scope: TokenScope) throws -> Created {
        guard APIToken.isValidName(name) else {
            throw BreachError.invalidInput("token name '\(TextRules.printable(name))' is not usable; use up to 64 letters, digits, '-', '_' or '.'")
        }
        let secret = Self.newSecret()
        let token = APIToken(name: name, scope: scope, secretHash: Self.hash(secret), createdAt: clock.now())
        try store.write { unit in
            let events = try Self.events(in: unit)
            if APIToken.fold(events.decoded)[name] != nil {
                throw BreachError.refused("a token named \(name) exists; revoke it first (`breach token revoke \(name)`) or choose another name")
            }
            try append(.tokenCreated(token), expectedVersion: events.version, in: unit)
        }
        return Created(token: token, secret: secret)
    }

    /// Revokes token `name`: requests carrying it are refused from then on.
    public func revoke(name: String) throws {
        try store.write { unit in
            let events = try Self.events(in: unit)
            guard APIToken.fold(events.decoded)[name] != nil else {
                throw BreachError.notFound("no token named \(TextRules.printable(name)); see `breach token list`")
            }
            try append(.tokenRevoked(name: name), expectedVersion: events.version, in: unit)
        }
    }

    /// The tokens in force, ordered by name.
    public func list() throws -> [APIToken] {
        try store.read { reader in try Self.tokens(in: reader).tokens }.values.sorted { $0.name < $1.name }
    }

    /// The tokens in force as `reader` sees them, with the stream version they were folded at.
    public static func tokens(in reader: any EventLogReader) throws -> (tokens: [String: APIToken], version: Int) {
        let events = try events(in: reader)
        return (APIToken.fold(events.decoded), events.version)
    }

    /// The lower-case hex SHA-256 of a token's text.
    public static func hash(_ secret: String) -> String {
        EventHasher.hex(SHA256.hash(data: Data(secret.utf8)))
    }

    /// 32 random bytes from the system's generator, base64url without padding, after the prefix.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    private static func events(in reader: any EventLogReader) throws -> (decoded: [AuditEvent], version: Int) {
        let stored = try reader.events(of: APIToken.stream)
        let decoded = try stored.map { event -> AuditEvent in
            do {
                return try AuditEvent(type: event.type, payload: try JSONValue.parse(event.payload))
            } catch {
                throw BreachError(.database, "event \(event.sequence) of \(APIToken.stream) cannot be read (\(error)); run `breach verify`", cause: error)
            }
        }
        return (decoded, stored.last?.version ?? 0)
    }

    private func append(_ event: AuditEvent, expectedVersion: Int, in unit: any StoreTransaction) throws {
        _ = try unit.append([NewEvent(type: event.type, payload: event.payload, effectiveAt: clock.now(), actor: actor)],
                            to: APIToken.stream, expectedVersion: expectedVersion, recordedAt: wallClock.now())
    }
}

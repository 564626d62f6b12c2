import BreachDomain
import BreachKit
import Foundation

/// Decides who a presented token belongs to, against the tokens in force in the log.
///
/// The tokens are folded from the `audit:tokens` stream and kept while the stream's version is unchanged,
/// so a request costs one indexed version read, and a `breach token revoke` (by any process sharing the
/// database) takes effect on the next request.
final class TokenAuthenticator: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: (version: Int, byHash: [String: APIToken])?

    /// The principal for `secret`, or nil when no token in force has it.
    func principal(for secret: String, reader: any StoreReader) throws -> Principal? {
        guard secret.hasPrefix(TokenRegistry.prefix), secret.utf8.count <= 128 else { return nil }
        return try principal(forHash: TokenRegistry.hash(secret), reader: reader)
    }

    /// The principal whose token secret hashes to `hash` (a dashboard session's), or nil.
    func principal(forHash hash: String, reader: any StoreReader) throws -> Principal? {
        let version = try reader.version(of: APIToken.stream)
        let byHash: [String: APIToken]
        if let current = lock.withLock({ self.cached }), current.version == version {
            byHash = current.byHash
        } else {
            let folded = try TokenRegistry.tokens(in: reader)
            byHash = Dictionary(folded.tokens.values.map { ($0.secretHash, $0) }, uniquingKeysWith: { first, _ in first })
            lock.withLock { self.cached = (folded.version, byHash) }
        }
        guard let token = byHash[hash] else { return nil }
        return Principal(tokenName: token.name, scope: token.scope)
    }
}

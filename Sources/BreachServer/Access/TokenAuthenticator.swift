import BreachDomain
import BreachKit
import Foundation

/// Decides who a presented token belongs to, against the tokens in force in the log.
///
/// The tokens are folded from the `audit:tokens` stream and kept while the stream's version is unchanged,
/// so a request costs one indexed version read, and a `breach token revoke` (by any process sharing the
/// database) takes effect on the next request. Where the store has a change counter, the tokens are also
/// stamped with the count at which a snapshot last confirmed them, and while the count stays the same a
/// request is answered without reading the store at all.
final class TokenAuthenticator: @unchecked Sendable {
    private struct Folded {
        let version: Int
        let byHash: [String: APIToken]
        /// The change count read before the last snapshot that found `version` current.
        var confirmedAt: Int64?
    }

    private let lock = NSLock()
    private var cached: Folded?

    /// The stored hash of a presented secret, or nil when it cannot be a token at all (hashed once per
    /// request, whichever way the request is then answered).
    static func hash(of secret: String) -> String? {
        guard secret.hasPrefix(TokenRegistry.prefix), secret.utf8.count <= 128 else { return nil }
        return TokenRegistry.hash(secret)
    }

    /// The principal whose token hashes to `hash` when nothing was committed since the tokens were
    /// confirmed current at `changeCount`; nil means only that the store must be asked (`principal(forHash:reader:)`).
    func principalIfUnchanged(forHash hash: String, changeCount: Int64) -> Principal? {
        guard let current = lock.withLock({ cached }), current.confirmedAt == changeCount,
              let token = current.byHash[hash] else { return nil }
        return Principal(tokenName: token.name, scope: token.scope)
    }

    /// The principal whose token secret hashes to `hash` (`hash(of:)`), or nil when no token in force has it. `changeCount`,
    /// read before `reader`'s snapshot began, stamps the tokens it finds current.
    func principal(forHash hash: String, reader: any StoreReader, changeCount: Int64? = nil) throws -> Principal? {
        let version = try reader.version(of: APIToken.stream)
        let byHash: [String: APIToken]
        if let current = lock.withLock({ self.cached }), current.version == version {
            byHash = current.byHash
            if let changeCount {
                // Only the entry this snapshot confirmed: another request may have folded a newer one meanwhile.
                lock.withLock { if cached?.version == version { cached?.confirmedAt = changeCount } }
            }
        } else {
            let folded = try TokenRegistry.tokens(in: reader)
            byHash = Dictionary(folded.tokens.values.map { ($0.secretHash, $0) }, uniquingKeysWith: { first, _ in first })
            lock.withLock { self.cached = Folded(version: folded.version, byHash: byHash, confirmedAt: changeCount) }
        }
        guard let token = byHash[hash] else { return nil }
        return Principal(tokenName: token.name, scope: token.scope)
    }
}

import BreachDomain
import Foundation

/// Dashboard sign-ins: a random session id in an HttpOnly, SameSite=Strict cookie, mapped in memory to the
/// token that signed in.
///
/// The cookie never carries the token itself, so a cookie that leaks (a shared browser profile, a proxy
/// log) is worth one session, not the token; the server keeps only the token's hash. Each request re-checks the token, so revoking it ends its
/// sessions at once. Sessions do not survive a restart: signing in again is the remedy.
final class SessionStore: @unchecked Sendable {
    static let cookieName = "breach_session"
    /// How long a session lasts without being renewed (a working day).
    static let lifetime: TimeInterval = 12 * 3600
    /// Bounds memory against a flood of sign-ins; the oldest sessions go first.
    static let capacity = 10_000

    private struct Session {
        let secretHash: String
        let expires: Date
    }

    private let lock = NSLock()
    private var sessions: [String: Session] = [:]

    /// Starts a session for the token whose secret hashes to `secretHash`; returns the cookie value.
    func start(secretHash: String, now: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        lock.withLock {
            if sessions.count >= Self.capacity {
                sessions = sessions.filter { $0.value.expires > now }
                if sessions.count >= Self.capacity, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                    sessions[oldest.key] = nil
                }
            }
            sessions[id] = Session(secretHash: secretHash, expires: now.addingTimeInterval(Self.lifetime))
        }
        return id
    }

    /// The hash of the token behind session `id`, or nil when it is unknown or expired.
    func secretHash(forSession id: String, now: Date) -> String? {
        lock.withLock {
            guard let session = sessions[id] else { return nil }
            guard session.expires > now else { sessions[id] = nil; return nil }
            return session.secretHash
        }
    }

    /// Ends session `id` (sign-out).
    func end(_ id: String) {
        lock.withLock { sessions[id] = nil }
    }
}

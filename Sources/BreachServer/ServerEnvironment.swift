import BreachDomain
import BreachKit
import Foundation
import Hummingbird

/// What every handler shares: the store pool, who is signed in, the clock and the playbooks' rules.
struct ServerEnvironment: Sendable {
    let runner: StoreRunner
    let authenticator: TokenAuthenticator
    let sessions: SessionStore
    let clock: any BreachClock
    let rulesProvider: (any IncidentRulesProvider)?
    /// The playbook of alerts that name none.
    let defaultKind: String
    /// Folded incidents reused while their streams are unchanged.
    let incidents: IncidentCache
    /// `GET /api/v1/incidents/{id}` bodies, rendered once per second per incident version.
    let documents: IncidentDocumentCache
    /// The dashboard's front page, rendered once per second while the log is unchanged.
    let frontPage = FrontPageCache()

    /// The application service for one request, acting as `actor`.
    func service(_ store: any BreachStore, actor: String) -> IncidentService {
        IncidentService(store: store, clock: clock, actor: actor, rulesProvider: rulesProvider)
    }

    /// Authenticates the request's bearer token, checks it allows `scope`, then runs `body` on the store
    /// pool with a service acting as the token — one pool job per request.
    func api<T: Sendable>(_ request: Request, _ context: ServerContext, needs scope: TokenScope,
                          _ body: @escaping @Sendable (IncidentService, Principal) throws -> T) async throws -> T {
        guard let hash = Self.bearerTokenHash(request) else { throw APIError.unauthenticated }
        let info = context.info
        return try await runner.run { store in
            guard let principal = try store.read({ reader in try authenticator.principal(forHash: hash, reader: reader) }) else {
                throw APIError.unauthenticated
            }
            try Self.admit(principal, to: scope, info: info)
            return try body(service(store, actor: principal.actor), principal)
        }
    }

    /// Like `api`, for handlers that only read: the token check and `body` see one snapshot of the log,
    /// in one read transaction.
    ///
    /// With `cached`, and a store that counts changes: when nothing was committed since the token and
    /// `cached`'s answer were confirmed current (both stamped with that change count), the request is
    /// answered from memory, without a store job. `body` gets the count read before its snapshot began,
    /// to stamp what it returns.
    func apiReading<T: Sendable>(_ request: Request, _ context: ServerContext, needs scope: TokenScope,
                                 cached: ((_ changeCount: Int64) -> T?)? = nil,
                                 _ body: @escaping @Sendable (any StoreReader, Principal, _ changeCount: Int64?) throws -> T) async throws -> T {
        guard let hash = Self.bearerTokenHash(request) else { throw APIError.unauthenticated }
        let info = context.info
        let changeCount = runner.changes?.current()
        if let cached, let changeCount, let principal = authenticator.principalIfUnchanged(forHash: hash, changeCount: changeCount) {
            try Self.admit(principal, to: scope, info: info)
            if let answer = cached(changeCount) { return answer }
        }
        return try await runner.run { store in
            try store.read { reader in
                guard let principal = try authenticator.principal(forHash: hash, reader: reader, changeCount: changeCount) else {
                    throw APIError.unauthenticated
                }
                try Self.admit(principal, to: scope, info: info)
                return try body(reader, principal, changeCount)
            }
        }
    }

    /// Like `dashboard`, for pages that only read: the session's token check and `body` see one snapshot.
    func dashboardReading(_ request: Request, _ context: ServerContext,
                          _ body: @escaping @Sendable (any StoreReader, Principal) throws -> Response) async throws -> Response {
        guard let session = Self.cookie(SessionStore.cookieName, in: request),
              let hash = sessions.secretHash(forSession: session, now: Date()) else {
            return Responses.redirect(to: "/sign-in")
        }
        let info = context.info
        return try await runner.run { store in
            try store.read { reader in
                guard let principal = try authenticator.principal(forHash: hash, reader: reader) else {
                    sessions.end(session)
                    return Responses.redirect(to: "/sign-in")
                }
                try Self.admit(principal, to: .read, info: info)
                return try body(reader, principal)
            }
        }
    }

    /// Runs `body` for a signed-in dashboard user (a `read` or `write` token's session); a visitor who is
    /// not signed in is sent to the sign-in form.
    func dashboard(_ request: Request, _ context: ServerContext,
                   _ body: @escaping @Sendable (IncidentService, Principal) throws -> Response) async throws -> Response {
        guard let session = Self.cookie(SessionStore.cookieName, in: request),
              let hash = sessions.secretHash(forSession: session, now: Date()) else {
            return Responses.redirect(to: "/sign-in")
        }
        let info = context.info
        return try await runner.run { store in
            guard let principal = try store.read({ reader in try authenticator.principal(forHash: hash, reader: reader) }) else {
                // Revoked since sign-in: the session ends with it.
                sessions.end(session)
                return Responses.redirect(to: "/sign-in")
            }
            try Self.admit(principal, to: .read, info: info)
            return try body(service(store, actor: principal.actor), principal)
        }
    }

    /// Names the token in the access log, then refuses it (403) when its scope does not allow `scope`.
    private static func admit(_ principal: Principal, to scope: TokenScope, info: RequestInfo) throws {
        info.tokenName = principal.tokenName
        guard principal.scope.allows(scope) else { throw APIError.forbidden(principal, needs: scope) }
    }

    /// The stored hash of the request's bearer token; nil when it has none that could be a token.
    static func bearerTokenHash(_ request: Request) -> String? {
        bearerToken(request).flatMap(TokenAuthenticator.hash(of:))
    }

    /// The token of an `Authorization: Bearer TOKEN` header.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        // Spaces and tabs only (what HTTP allows around a field value); Foundation's trimming was a
        // twentieth of a request.
        var token = parts[1]
        while let first = token.first, first == " " || first == "\t" { token.removeFirst() }
        while let last = token.last, last == " " || last == "\t" { token.removeLast() }
        return String(token)
    }

    /// The value of cookie `name`, from any `Cookie` header of the request.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}

import BreachDomain
import BreachKit
@testable import BreachServer
import BreachTestSupport
import Foundation
import NIOCore
import Testing

/// The server's caches give what a fresh read would give: they are keyed by what the answer depends on.
@Suite("Server caches")
struct ServerCacheTests {
    let directory: TemporaryDirectory
    let store: any BreachStore
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        directory = try TemporaryDirectory("server-cache")
        store = try BreachStores.open(directory.path("breach.db"))
    }

    private func service(at now: Date) -> IncidentService {
        IncidentService(store: store, clock: FixedClock(now), actor: "tester")
    }

    @Test("an incident is folded once while unchanged, and afresh after any write")
    func incidentCache() throws {
        let id = try service(at: start).detect(title: "Laptop lost", kind: "data-breach", severity: .high, summary: nil).id
        let cache = IncidentCache()
        let first = try store.read { try cache.incident(id, in: $0) }
        let again = try store.read { try cache.incident(id, in: $0) }
        #expect(first == again)
        #expect(cache.folds == 1)

        // Another process's write (here: another service on the same database) moves the stream.
        try service(at: start.addingTimeInterval(60)).execute(.note("found in the office"), on: id)
        let fresh = try store.read { try cache.incident(id, in: $0) }
        #expect(cache.folds == 2)
        #expect(fresh.version == first.version + 1)
        #expect(fresh == (try service(at: start).load(id)))

        #expect(throws: BreachError.self) { try store.read { try cache.incident("INC-99", in: $0) } }
    }

    @Test("an incident's JSON is rendered once per second per version and equals `show --json` at that second")
    func documentCache() throws {
        let id = try service(at: start).detect(title: "Phishing", kind: "data-breach", severity: .high, summary: nil).id
        let incidents = IncidentCache()
        let documents = IncidentDocumentCache(incidents: incidents)
        let now = start.addingTimeInterval(90.75)
        let body = try store.read { try documents.body(id, in: $0, now: now) }
        _ = try store.read { try documents.body(id, in: $0, now: now.addingTimeInterval(0.2)) }
        #expect(documents.renders == 1)
        let whole = Date(timeIntervalSince1970: 1_800_000_090)
        #expect(String(buffer: body) == IncidentDocument.json(try service(at: now).load(id), now: whole).prettySerialized() + "\n")

        _ = try store.read { try documents.body(id, in: $0, now: now.addingTimeInterval(1)) }
        #expect((documents.renders, incidents.folds) == (2, 1))
        try service(at: now).execute(.note("contained"), on: id)
        let noted = try store.read { try documents.body(id, in: $0, now: now.addingTimeInterval(1)) }
        #expect((documents.renders, incidents.folds) == (3, 2))
        #expect(String(buffer: noted) != String(buffer: body))
        #expect(throws: BreachError.self) { try store.read { try documents.body("INC-404", in: $0, now: now) } }
    }

    @Test("the change counter moves with every commit by another connection or process, and with nothing else")
    func changeCounter() throws {
        let counter = try #require(store.changeCounter())
        let before = try #require(counter.current())
        _ = try store.read { try $0.head() }
        #expect(counter.current() == before, "a read is not a change")

        let id = try service(at: start).detect(title: "Laptop lost", kind: "data-breach", severity: .high, summary: nil).id
        let afterWrite = try #require(counter.current())
        #expect(afterWrite != before)
        #expect(counter.current() == afterWrite)

        let other = try BreachStores.open(directory.path("breach.db"))
        try IncidentService(store: other, clock: FixedClock(start), actor: "other").execute(.note("second connection"), on: id)
        let afterOther = try #require(counter.current())
        #expect(afterOther != afterWrite)

        // Another process: the sqlite3 shell commits a change of the header.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [directory.path("breach.db"), "PRAGMA user_version = 7"]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        #expect(counter.current() != afterOther)
    }

    @Test("a token and an incident's body are answered from memory only at the change count that confirmed them")
    func answersFromMemory() throws {
        let counter = try #require(store.changeCounter())
        let id = try service(at: start).detect(title: "Phishing", kind: "data-breach", severity: .high, summary: nil).id
        let tokens = TokenRegistry(store: store, clock: FixedClock(start), actor: "admin")
        let reader = try tokens.create(name: "reader", scope: .read).secret
        let readerHash = try #require(TokenAuthenticator.hash(of: reader))
        let authenticator = TokenAuthenticator()
        let documents = IncidentDocumentCache(incidents: IncidentCache())
        let now = start.addingTimeInterval(42.5)

        var count = try #require(counter.current())
        #expect(authenticator.principalIfUnchanged(forHash: readerHash, changeCount: count) == nil, "nothing confirmed yet")
        #expect(documents.bodyIfUnchanged(id, changeCount: count, now: now) == nil)
        let body = try store.read { snapshot in
            #expect(try authenticator.principal(forHash: readerHash, reader: snapshot, changeCount: count)?.tokenName == "reader")
            return try documents.body(id, in: snapshot, now: now, changeCount: count)
        }
        #expect(authenticator.principalIfUnchanged(forHash: readerHash, changeCount: count)?.tokenName == "reader")
        #expect(authenticator.principalIfUnchanged(forHash: TokenRegistry.hash("breach_" + String(repeating: "A", count: 43)), changeCount: count) == nil)
        #expect(documents.bodyIfUnchanged(id, changeCount: count, now: now.addingTimeInterval(0.4)) == body)
        #expect(documents.bodyIfUnchanged(id, changeCount: count, now: now.addingTimeInterval(1)) == nil, "the next second renders anew")
        #expect(documents.renders == 1)

        // A write anywhere moves the count: nothing is answered from memory until a snapshot confirms it again.
        try service(at: now).execute(.note("contained"), on: id)
        let stale = count
        count = try #require(counter.current())
        #expect(count != stale)
        #expect(authenticator.principalIfUnchanged(forHash: readerHash, changeCount: count) == nil)
        #expect(documents.bodyIfUnchanged(id, changeCount: count, now: now) == nil)
        let noted = try store.read { try documents.body(id, in: $0, now: now, changeCount: count) }
        #expect(String(buffer: noted).contains("contained"))
        #expect(documents.bodyIfUnchanged(id, changeCount: count, now: now) == noted)

        // A revoked token is never answered from memory: the revocation is a commit.
        try tokens.revoke(name: "reader")
        count = try #require(counter.current())
        #expect(authenticator.principalIfUnchanged(forHash: readerHash, changeCount: count) == nil)
        #expect(try store.read { try authenticator.principal(forHash: readerHash, reader: $0, changeCount: count) } == nil)
        #expect(authenticator.principalIfUnchanged(forHash: readerHash, changeCount: count) == nil)
    }

    @Test("a presented secret is hashed only when it could be a token: the breach_ prefix and at most 128 bytes")
    func presentedSecrets() {
        let secret = TokenRegistry.prefix + String(repeating: "A", count: 43)
        #expect(TokenAuthenticator.hash(of: secret) == TokenRegistry.hash(secret))
        #expect(TokenAuthenticator.hash(of: "Bearer " + secret) == nil)
        #expect(TokenAuthenticator.hash(of: "") == nil)
        #expect(TokenAuthenticator.hash(of: TokenRegistry.prefix + String(repeating: "A", count: 121)) != nil, "128 bytes")
        #expect(TokenAuthenticator.hash(of: TokenRegistry.prefix + String(repeating: "A", count: 122)) == nil, "129 bytes")
    }

    @Test("a bounded cache keeps at most its capacity, the newest entries, and forgets removed keys")
    func boundedCache() {
        let cache = BoundedCache<Int, String>(capacity: 4)
        for key in 0..<9 { cache[key] = "v\(key)" }
        #expect(cache.count <= 4)
        #expect(cache[8] == "v8")
        cache[8] = nil
        #expect(cache[8] == nil)
        cache[7] = "again"
        #expect(cache[7] == "again")
    }

    @Test("the cache stays within its capacity and still answers every incident")
    func incidentCacheBound() throws {
        let ids = try (0..<10).map { _ in try service(at: start).detect(title: "t", kind: "data-breach", severity: .low, summary: nil).id }
        let cache = IncidentCache(capacity: 4)
        for _ in 0..<2 { for id in ids { #expect(try store.read { try cache.incident(id, in: $0) }.id == id) } }
        #expect(cache.cached <= 4)
    }

    @Test("the front page renders once per second per token, re-reads only when the log moves, and equals a fresh rendering")
    func frontPage() throws {
        _ = try service(at: start).detect(title: "First", kind: "data-breach", severity: .high, summary: nil)
        let cache = FrontPageCache()
        let now = start.addingTimeInterval(30.25)
        let page = try store.read { try cache.page(in: $0, now: now, signedIn: "ops") }
        _ = try store.read { try cache.page(in: $0, now: now.addingTimeInterval(0.5), signedIn: "ops") }
        #expect((cache.reads, cache.renders) == (1, 1))
        let fresh = IncidentsPage.render(try service(at: now).list(IncidentFilter(openOnly: true)),
                                         now: Date(timeIntervalSince1970: 1_800_000_030), signedIn: "ops")
        #expect(String(buffer: page) == fresh)

        _ = try store.read { try cache.page(in: $0, now: now, signedIn: "compliance") }
        _ = try store.read { try cache.page(in: $0, now: now.addingTimeInterval(1), signedIn: "ops") }
        #expect((cache.reads, cache.renders) == (1, 3))

        _ = try service(at: now).detect(title: "Second", kind: "data-breach", severity: .low, summary: nil)
        let moved = try store.read { try cache.page(in: $0, now: now, signedIn: "ops") }
        #expect((cache.reads, cache.renders) == (2, 4))
        #expect(String(buffer: moved).contains("Second"))
        #expect(String(buffer: moved).contains("2 open incidents"))
    }

    @Test("rows sort by next deadline, those without one last, then by number (INC-9 before INC-10)")
    func rowOrder() {
        func summary(_ id: String, due: String?) -> IncidentSummary {
            IncidentSummary(id: id, title: id, kind: "k", severity: "high", stage: "detect", detectedAt: "2027-01-15T08:00:00Z",
                            declaredAt: due == nil ? nil : "2027-01-15T08:00:00Z", closedAt: nil, assignee: nil,
                            nextDeadlineAt: due, outstandingObligations: due == nil ? 0 : 1)
        }
        let rows = IncidentsPage.rows([
            summary("INC-10", due: nil), summary("INC-9", due: nil),
            summary("INC-3", due: "2027-01-18T08:00:00Z"), summary("INC-4", due: "2027-01-16T08:00:00Z"),
            summary("INC-12", due: "2027-01-16T08:00:00Z"),
        ])
        #expect(rows.map(\.incident.id) == ["INC-4", "INC-12", "INC-3", "INC-9", "INC-10"])
    }
}

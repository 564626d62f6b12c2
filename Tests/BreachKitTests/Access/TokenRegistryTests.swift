import BreachDomain
@testable import BreachKit
import BreachTestSupport
import Foundation
import Testing

@Suite("API tokens and alert intake on a real SQLite file")
struct TokenRegistryTests {
    @Test("create stores only the hash; list shows name and scope; revoke removes it; both are chained events")
    func lifecycle() throws {
        let fixture = try StoreFixture()
        let store = SQLiteStore(database: fixture.database)
        let registry = TokenRegistry(store: store, clock: FixedClock(StoreFixture.start), actor: "alice")
        let created = try registry.create(name: "grafana", scope: .intake)
        #expect(created.secret.hasPrefix("breach_"))
        #expect(created.secret.count == "breach_".count + 43)
        #expect(created.token.secretHash == TokenRegistry.hash(created.secret))
        let events = try store.read { try $0.events(of: APIToken.stream) }
        #expect(events.map(\.type) == ["token.created"])
        #expect(!events[0].payload.contains(created.secret), "the secret must never be stored")
        #expect(events[0].actor == "alice")

        #expect(try registry.list().map(\.name) == ["grafana"])
        #expect(throws: BreachError.self) { try registry.create(name: "grafana", scope: .read) }
        #expect(throws: BreachError.self) { try registry.create(name: "has space", scope: .read) }
        #expect(throws: BreachError.self) { try registry.create(name: "", scope: .read) }
        let other = try registry.create(name: "compliance", scope: .read)
        #expect(other.secret != created.secret)
        try registry.revoke(name: "grafana")
        #expect(try registry.list().map(\.name) == ["compliance"])
        #expect(throws: BreachError.self) { try registry.revoke(name: "grafana") }
        // Revoked, the name can be used again.
        _ = try registry.create(name: "grafana", scope: .write)

        // Token streams are part of the chain and leave the read models alone.
        #expect(try store.verify().isIntact)
        _ = try store.rebuild(progress: nil)
        #expect(try store.verify().isIntact)
    }

    @Test("scopes: write allows everything, read and intake only themselves")
    func scopes() {
        #expect(TokenScope.write.allows(.read) && TokenScope.write.allows(.intake) && TokenScope.write.allows(.write))
        #expect(TokenScope.read.allows(.read) && !TokenScope.read.allows(.intake))
        #expect(TokenScope.intake.allows(.intake) && !TokenScope.intake.allows(.read))
    }

    @Test("intake: one fingerprint opens one incident, from eight threads at once; a closed one is not reused")
    func intakeFingerprint() throws {
        let fixture = try StoreFixture()
        let alert = AlertIntake(title: "Disk full", severity: .high, kind: "data-breach", summary: nil, fingerprint: "db-1/disk",
                                observedAt: StoreFixture.at(-1))
        let outcomes = Locked<[IntakeOutcome]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            // Each thread its own connection, as the server's pool has.
            let service = IncidentService(store: try! SQLiteStore.open(path: fixture.path), clock: FixedClock(StoreFixture.start),
                                          actor: "token:t", rulesProvider: FakeRulesProvider())
            for _ in 0..<10 { let outcome = try! service.intake(alert); outcomes.mutate { $0.append(outcome) } }
        }
        #expect(outcomes.value.filter(\.created).count == 1)
        #expect(Set(outcomes.value.map(\.incident.id)) == ["INC-1"])
        let service = fixture.service()
        #expect(try service.load("INC-1").detectedAt == StoreFixture.at(-1))
        #expect(try service.incidentID(forFingerprint: "db-1/disk") == "INC-1")
        #expect(try service.incidentID(forFingerprint: "other") == nil)

        try service.execute(.close(resolution: "fixed"), on: "INC-1")
        let again = try service.intake(alert)
        #expect(again.created && again.incident.id == "INC-2")
        #expect(try service.intake(alert).incident.id == "INC-2")
        #expect(try service.verify().isIntact)
    }

    @Test("intake refuses an observed_at in the future and an unusable fingerprint, writing nothing")
    func intakeRefusals() throws {
        let fixture = try StoreFixture()
        let service = fixture.service()
        let future = AlertIntake(title: "x", severity: .low, kind: "data-breach", summary: nil, fingerprint: nil,
                                 observedAt: StoreFixture.at(1))
        #expect(throws: BreachError.self) { try service.intake(future) }
        let long = AlertIntake(title: "x", severity: .low, kind: "data-breach", summary: nil,
                               fingerprint: String(repeating: "f", count: 257), observedAt: nil)
        #expect(throws: BreachError.self) { try service.intake(long) }
        #expect(try service.store.read { try $0.head() }.sequence == 0)
    }
}

/// A value shared between threads of a test.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

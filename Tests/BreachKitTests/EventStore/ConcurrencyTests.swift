import BreachDomain
@testable import BreachKit
import Foundation
import Testing

@Suite("EventStore: concurrent writers")
struct ConcurrencyTests {
    let store: StoreFixture

    init() throws { store = try StoreFixture() }

    @Test func twoConnectionsWithTheSameExpectedVersionOneWins() throws {
        // Given INC-1, and two separate connections to the same file that both loaded it at version 1
        try store.service().detect(title: "Leaked bucket", kind: "data-breach", severity: .high, summary: nil)
        let other = try BreachDatabase.open(path: store.path)
        let first = store.service(at: 1, actor: "alice")
        let second = store.service(at: 1, actor: "bob", on: other)
        let (stateA, stateB) = (try first.load("INC-1"), try second.load("INC-1"))
        // When both append at the same time
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let (service, state) = index == 0 ? (first, stateA) : (second, stateB)
            results.add(Result {
                try service.database.write { db in
                    try service.append([.noteAdded(text: "from \(service.actor)")], to: "INC-1", state: state, at: StoreFixture.at(1), in: db)
                }
            })
        }
        // Then exactly one wins, the other is told it conflicted, and the log holds only the winner's event
        let outcomes = results.all
        #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
        let failures = outcomes.compactMap { result -> BreachError? in
            if case let .failure(error) = result { return error as? BreachError }
            return nil
        }
        #expect(failures.map(\.code) == [.conflict])
        let events = try store.storedEvents()
        #expect(events.map(\.version) == [1, 2])
        #expect(events.map(\.sequence) == [1, 2])
        #expect(try store.verify().isIntact)
    }

    @Test func concurrentDetectionsOnTwoConnectionsGetDistinctIds() throws {
        // Given two connections to the same file
        let services = [store.service(actor: "alice"), store.service(actor: "bob", on: try BreachDatabase.open(path: store.path))]
        // When each detects four incidents at the same time as the other
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            for number in 1...4 {
                results.add(Result { try services[index].detect(title: "\(index)-\(number)", kind: "k", severity: .low, summary: nil) })
            }
        }
        // Then all eight succeed with the ids INC-1 … INC-8, each used once
        let ids = try results.all.map { try $0.get().id }
        #expect(Set(ids) == Set((1...8).map { "INC-\($0)" }))
        #expect(try store.verify().isIntact)
    }

    @Test func theServiceRedecidesAfterAConcurrentChange() throws {
        // Given INC-1, and rules whose first lookup lets another connection add a note in between
        try store.service().detect(title: "Leaked bucket", kind: "data-breach", severity: .high, summary: nil)
        let other = try BreachDatabase.open(path: store.path)
        let interloper = store.service(at: 1, actor: "bob", on: other)
        let rules = InterferingRules(times: 1) { try interloper.execute(.note("meanwhile"), on: "INC-1") }
        // When alice assigns the incident
        let incident = try store.service(at: 2, rules: rules).execute(.assign("alice"), on: "INC-1")
        // Then her command was decided twice and both changes are in the log, in order
        #expect(rules.calls == 2)
        #expect(incident.version == 3)
        #expect(try store.storedEvents().map(\.type) == ["incident.detected", "incident.note_added", "incident.assigned"])
        #expect(try store.verify().isIntact)
    }

    @Test func theServiceGivesUpAfterItsRetries() throws {
        // Given an interloper who changes INC-1 every time alice decides
        try store.service().detect(title: "Leaked bucket", kind: "data-breach", severity: .high, summary: nil)
        let other = try BreachDatabase.open(path: store.path)
        let interloper = store.service(at: 1, actor: "bob", on: other)
        let rules = InterferingRules(times: .max) { try interloper.execute(.note("again"), on: "INC-1") }
        // When alice tries
        let error = #expect(throws: BreachError.self) { try store.service(at: 2, rules: rules).execute(.assign("alice"), on: "INC-1") }
        // Then she gets a conflict after the documented number of attempts, and none of her events is written
        #expect(error?.code == .conflict)
        #expect(rules.calls == IncidentService.conflictRetries)
        #expect(!(try store.storedEvents().map(\.type).contains("incident.assigned")))
    }
}

/// Collects results from concurrent closures.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<Incident, Error>] = []

    func add(_ result: Result<Incident, Error>) { lock.withLock { results.append(result) } }
    var all: [Result<Incident, Error>] { lock.withLock { results } }
}

/// The fake playbook's rules, running `interfere` on each of the first `times` lookups (between load and append).
private final class InterferingRules: IncidentRulesProvider, @unchecked Sendable {
    private let lock = NSLock()
    private let times: Int
    private let interfere: () throws -> Void
    private var count = 0

    init(times: Int, interfere: @escaping () throws -> Void) {
        self.times = times
        self.interfere = interfere
    }

    var calls: Int { lock.withLock { count } }

    func validateKind(_ kind: String) throws {}

    func rules(forKind kind: String) throws -> IncidentRules? {
        let call = lock.withLock { count += 1; return count }
        if call <= times { try interfere() }
        return try FakeRulesProvider().rules(forKind: kind)
    }
}

import Foundation
import Testing
@testable import BreachDomain
import BreachTestSupport

@Suite("decide: declare and determine")
struct DeclarationDecisionTests {
    @Test func declaresWithAwarenessAndThePlaybooksObligations() throws {
        // Given an undeclared incident
        // When it is declared at hour 10, aware since hour 4
        let events = try decide(.declare(awareAt: TestTime.at(4), reason: " PII exposed "), on: Sample.incident(), at: 10)
        // Then the event snapshots the playbook's obligations, anchored on awareness and declaration
        let expected = FakePlaybook.standard.obligationSnapshots(declaredAt: TestTime.at(10), awareAt: TestTime.at(4), determinedAt: nil)
        #expect(events == [.declared(awareAt: TestTime.at(4), reason: "PII exposed", obligations: expected)])
        // And the folded incident is declared, aware, with due times from the snapshots
        let incident = Incident.evolve(Sample.incident(), RecordedIncidentEvent(events[0], at: TestTime.at(10), by: "alice"), id: "INC-1")!
        #expect(incident.declaredAt == TestTime.at(10))
        #expect(incident.awareAt == TestTime.at(4))
        #expect(incident.obligations.map(\.id) == ["notify-dpa", "notify-customers", "sec-8k"])
        #expect(incident.obligations.map(\.dueAt) == [TestTime.at(76), TestTime.at(82), nil])
    }

    @Test func awarenessDefaultsToTheDeclarationTime() throws {
        let events = try decide(.declare(awareAt: nil, reason: nil), on: Sample.incident(), at: 7)
        guard case let .declared(awareAt, reason, _) = try #require(events.first) else { Issue.record("not a declaration"); return }
        #expect(awareAt == TestTime.at(7))
        #expect(reason == nil)
    }

    @Test func passesAnEarlierDeterminationToTheRules() throws {
        let incident = Sample.incident((.materialityDetermined(at: TestTime.at(3)), 3))
        let events = try decide(.declare(awareAt: nil, reason: nil), on: incident, at: 5)
        guard case let .declared(_, _, obligations) = try #require(events.first) else { Issue.record("not a declaration"); return }
        #expect(obligations.last?.dueAt == TestTime.at(99))
    }

    @Test func withoutRulesTheDeclarationHasNoObligations() throws {
        let events = try decide(.declare(awareAt: nil, reason: nil), on: Sample.incident(), playbook: nil)
        #expect(events == [.declared(awareAt: TestTime.at(10), reason: nil, obligations: [])])
    }

    @Test func refusesAwarenessInTheFuture() {
        expectRefusal(.invalidInput, mentioning: "--aware-at", "future") {
            _ = try decide(.declare(awareAt: TestTime.at(11), reason: nil), on: Sample.incident(), at: 10)
        }
    }

    @Test func refusesAwarenessMoreThanAYearBeforeDetection() {
        expectRefusal(.invalidInput, mentioning: "year") {
            _ = try decide(.declare(awareAt: TestTime.at(-367 * 24), reason: nil), on: Sample.incident())
        }
    }

    @Test func refusesToDeclareTwice() {
        expectRefusal(.refused, mentioning: "already declared", "2026-11-28T11:00:00Z") {
            _ = try decide(.declare(awareAt: nil, reason: nil), on: Sample.declared())
        }
    }

    @Test func refusesToDeclareAClosedIncident() {
        expectRefusal(.refused, mentioning: "closed") { _ = try decide(.declare(awareAt: nil, reason: nil), on: Sample.incident(in: .closed)) }
    }

    @Test func recordsADetermination() throws {
        #expect(try decide(.determine(at: TestTime.at(8)), on: Sample.incident(), at: 10) == [.materialityDetermined(at: TestTime.at(8))])
        #expect(try decide(.determine(at: nil), on: Sample.incident(), at: 10) == [.materialityDetermined(at: TestTime.at(10))])
    }

    @Test func refusesADeterminationInTheFuture() {
        expectRefusal(.invalidInput, mentioning: "--at", "future") {
            _ = try decide(.determine(at: TestTime.at(12)), on: Sample.incident(), at: 10)
        }
    }

    @Test func refusesASecondDetermination() {
        let incident = Sample.incident((.materialityDetermined(at: TestTime.at(3)), 3))
        expectRefusal(.refused, mentioning: "already has a materiality determination") {
            _ = try decide(.determine(at: nil), on: incident)
        }
    }

    @Test func refusesADeterminationOnAClosedIncident() {
        expectRefusal(.refused, mentioning: "closed") { _ = try decide(.determine(at: nil), on: Sample.incident(in: .closed)) }
    }
}

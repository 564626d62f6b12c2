import Foundation
import Testing
@testable import BreachDomain
import BreachTestSupport

/// Conditional obligations decided and folded without I/O: held back at declaration while their
/// condition does not hold, created (with their due time, possibly already past) when a fact change makes
/// it hold, withdrawn with the fact change as the reason when it stops holding, reinstated when it holds again.
@Suite struct ConditionalObligationTests {
    struct States: DeclarationRules, RegimeCatalog {
        static func rule(_ id: String, _ condition: String?, days: Int = 30) -> ObligationRule {
            ObligationRule(id: id, title: id, audience: AudienceSelector(roles: ["authority"]), channels: [.email],
                           anchor: .aware, duration: .days(days), template: MessageTemplate(subject: "s", body: "b"),
                           appliesWhen: try! condition.map { try FactCondition(parsing: $0) }, source: "test statute 1")
        }
        let rules = [rule("always", nil), rule("ca-ag", "residents.CA > 500"), rule("ransom", "ransom_paid", days: 1)]
        func obligationSnapshots(declaredAt: Date, awareAt: Date, determinedAt: Date?) -> [ObligationSnapshot] { [] }
        func obligationSnapshots(times: IncidentTimes, regime: String?) throws(BreachError) -> [ObligationSnapshot] {
            rules.map { original in
                var rule = original
                if let regime { rule.id = "\(regime)/\(original.id)" }
                return ObligationSnapshot(rule, dueAt: rule.dueDate(times: times, holidays: []), holidays: [], regime: regime)
            }
        }
        var factKeys: [String] { ["residents.CA", "ransom_paid"] }
        var factTypes: [String: FactType] { ["residents.CA": .number, "ransom_paid": .boolean] }
        func declarationRules(forRegime id: String) -> (any DeclarationRules)? { id == "states" ? self : nil }
        var regimeIDs: [String] { ["states"] }
    }

    func run(_ command: IncidentCommand, on state: Incident, at hours: Double) throws(BreachError) -> (Incident, [IncidentEvent]) {
        let events = try Incident.decide(command, state: state, stageRules: FakePlaybook.standard, declarationRules: FakePlaybook.standard,
                                         regimes: States(), now: TestTime.at(hours))
        var incident: Incident? = state
        for event in events { Incident.evolve(&incident, RecordedIncidentEvent(event, at: TestTime.at(hours), by: "alice"), id: "INC-1") }
        return (incident!, events)
    }

    @Test func heldBackUntilAFactMakesItApplyThenWithdrawnWithTheFactChangeAsReason() throws {
        var (incident, _) = try run(.declare(awareAt: TestTime.at(1), reason: nil, regimes: ["states"]), on: Sample.incident(), at: 2)
        #expect(incident.obligation("states/always") != nil)
        #expect(incident.obligation("states/ca-ag") == nil)
        #expect(incident.dormantObligations.map(\.id) == ["states/ca-ag", "states/ransom"])

        // 40 days later a count crosses the threshold: created, due 30 days after awareness, already late.
        var events: [IncidentEvent]
        (incident, events) = try run(.setFacts([.init(key: "residents.CA", value: "600")]), on: incident, at: 40 * 24)
        let created = try #require(incident.obligation("states/ca-ag"))
        #expect(created.dueAt == TestTime.at(1 + 30 * 24))
        #expect(created.status(at: TestTime.at(40 * 24)) == .missed)
        #expect(created.appliedReason == "residents.CA set to 600 (was not set): residents.CA > 500 holds")
        #expect(events.count == 2)
        #expect(incident.dormantObligations.map(\.id) == ["states/ransom"])

        // A corrected count withdraws it: kept, with the reason, no longer owed.
        (incident, events) = try run(.setFacts([.init(key: "residents.CA", value: "400")]), on: incident, at: 41 * 24)
        let withdrawn = try #require(incident.obligation("states/ca-ag"))
        #expect(withdrawn.status(at: TestTime.at(41 * 24)) == .withdrawn)
        #expect(withdrawn.withdrawalReason == "residents.CA set to 400 (was 600): residents.CA > 500 no longer holds")
        #expect(!withdrawn.isOutstanding)
        #expect(events.contains { if case .obligationWithdrawn = $0 { true } else { false } })
        expectRefusal(.refused, mentioning: "withdrawn") {
            _ = try run(.waive(obligationID: "states/ca-ag", reason: "r"), on: incident, at: 42 * 24)
        }
        expectRefusal(.refused, mentioning: "withdrawn") {
            _ = try run(.file(obligationID: "states/ca-ag", reference: "R", at: nil, evidence: nil), on: incident, at: 42 * 24)
        }

        // Above the threshold again: reinstated with the due time it had.
        (incident, _) = try run(.setFacts([.init(key: "residents.CA", value: "900")]), on: incident, at: 42 * 24)
        #expect(incident.obligation("states/ca-ag")?.withdrawnAt == nil)
        #expect(incident.obligation("states/ca-ag")?.dueAt == TestTime.at(1 + 30 * 24))

        // A fact change that does not move the condition decides nothing more than the facts.
        (_, events) = try run(.setFacts([.init(key: "residents.CA", value: "950")]), on: incident, at: 43 * 24)
        #expect(events.count == 1)
    }

    @Test func aBooleanFactStartsAnObligationAnchoredBeforeIt() throws {
        var (incident, _) = try run(.declare(awareAt: nil, reason: nil, regimes: ["states"]), on: Sample.incident(), at: 2)
        (incident, _) = try run(.setFacts([.init(key: "ransom_paid", value: "true")]), on: incident, at: 3)
        #expect(incident.obligation("states/ransom")?.dueAt == TestTime.at(2 + 24))
        #expect(incident.obligation("states/ransom")?.status(at: TestTime.at(3)) == .pending)
    }

    @Test func aValueOfTheWrongTypeIsRefused() throws {
        let (incident, _) = try run(.declare(awareAt: nil, reason: nil, regimes: ["states"]), on: Sample.incident(), at: 2)
        expectRefusal(.invalidInput, mentioning: "fact residents.CA is a number: 'many' is not a whole number") {
            _ = try run(.setFacts([.init(key: "residents.CA", value: "many")]), on: incident, at: 3)
        }
        expectRefusal(.invalidInput, mentioning: "true or false") {
            _ = try run(.setFacts([.init(key: "ransom_paid", value: "yes")]), on: incident, at: 3)
        }
    }

    @Test func theEventsRoundTripThroughTheirPayloads() throws {
        let applies = IncidentEvent.obligationNowApplies(ObligationNowApplies(obligationID: "a/b", dueAt: TestTime.at(3), reason: "r"))
        let withdrawn = IncidentEvent.obligationWithdrawn(ObligationWithdrawn(obligationID: "a/b", reason: "why"))
        for event in [applies, withdrawn] {
            #expect(try IncidentEvent(type: event.type, payload: event.payload) == event)
            #expect(IncidentEvent.currentSchemaVersion(of: event.type) == 1)
        }
        var snapshot = ObligationSnapshot(States.rule("x", "residents.CA > 500"), dueAt: nil, holidays: [])
        #expect(snapshot.payload["applies"] == nil)
        snapshot.applies = false
        let read = try ObligationSnapshot(payload: snapshot.payload)
        #expect(!read.applies)
        #expect(read.rule?.appliesWhen?.text == "residents.CA > 500")
        #expect(read.rule?.source == "test statute 1")
    }
}

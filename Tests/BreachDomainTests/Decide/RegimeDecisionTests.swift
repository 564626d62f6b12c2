import Foundation
import Testing
@testable import BreachDomain
import BreachTestSupport

/// Several regimes on one incident, decided and folded without I/O: namespaced ids, applying once,
/// milestones once, filings meeting obligations (and starting `fulfilled:` chains), supplements, facts.
@Suite struct RegimeDecisionTests {
    /// A regime with a milestone, a fact and a `fulfilled:` chain.
    struct Regime: DeclarationRules, RegimeCatalog {
        let rules: [ObligationRule] = [
            ObligationRule(id: "report", title: "Report", audience: AudienceSelector(roles: ["authority"]), channels: [.email],
                           anchor: .milestone("ransom-paid"), duration: .hours(24), template: MessageTemplate(subject: "s", body: "b")),
            ObligationRule(id: "follow-up", title: "Follow-up", audience: AudienceSelector(roles: ["authority"]), channels: [.email],
                           anchor: .fulfilled("report"), duration: .months(1), template: MessageTemplate(subject: "s", body: "b")),
        ]
        func obligationSnapshots(declaredAt: Date, awareAt: Date, determinedAt: Date?) -> [ObligationSnapshot] { [] }
        func obligationSnapshots(times: IncidentTimes, regime: String?) throws(BreachError) -> [ObligationSnapshot] {
            rules.map { original in
                var rule = original
                if let regime {
                    rule.id = "\(regime)/\(original.id)"
                    rule.anchor = original.anchor.renamingObligations { "\(regime)/\($0)" }
                }
                return ObligationSnapshot(rule, dueAt: rule.dueDate(times: times, holidays: []), holidays: [], regime: regime)
            }
        }
        var milestoneNames: [String] { ["ransom-paid"] }
        var factKeys: [String] { ["nature_of_breach"] }
        func declarationRules(forRegime id: String) -> (any DeclarationRules)? { regimeIDs.contains(id) ? self : nil }
        var regimeIDs: [String] { ["circia", "data-breach"] }
    }

    func run(_ command: IncidentCommand, on state: Incident, at hours: Double) throws(BreachError) -> Incident {
        let events = try Incident.decide(command, state: state, stageRules: FakePlaybook.standard, declarationRules: FakePlaybook.standard,
                                         regimes: Regime(), now: TestTime.at(hours))
        var incident: Incident? = state
        for event in events { Incident.evolve(&incident, RecordedIncidentEvent(event, at: TestTime.at(hours), by: "alice"), id: "INC-1") }
        return incident!
    }

    @Test func aRegimeAttachesNamespacedObligationsOnce() throws {
        var incident = Sample.incident()
        incident = try run(.declare(awareAt: nil, reason: nil, regimes: ["circia"]), on: incident, at: 2)
        #expect(incident.obligations.map(\.id) == ["notify-dpa", "notify-customers", "sec-8k", "circia/report", "circia/follow-up"])
        #expect(incident.obligation("circia/report")?.regime == "circia")
        expectRefusal(.refused, mentioning: "already applied") { _ = try run(.apply(regime: "circia", reason: "again"), on: incident, at: 3) }
        expectRefusal(.notFound, mentioning: "unknown regime 'nis9'") { _ = try run(.apply(regime: "nis9", reason: "r"), on: incident, at: 3) }
        expectRefusal(.refused, mentioning: "own playbook") { _ = try run(.apply(regime: "data-breach", reason: "r"), on: incident, at: 3) }
        // close waits for every regime's obligations.
        expectRefusal(.refused, mentioning: "circia/report") { _ = try run(.close(resolution: "done"), on: incident, at: 3) }
    }

    @Test func aMilestoneStartsItsClockAndAFilingStartsTheChain() throws {
        var incident = try run(.declare(awareAt: nil, reason: nil, regimes: ["circia"]), on: Sample.incident(), at: 2)
        #expect(incident.obligation("circia/report")?.dueAt == nil)
        incident = try run(.mark(milestone: "ransom-paid", at: TestTime.at(3)), on: incident, at: 4)
        #expect(incident.obligation("circia/report")?.dueAt == TestTime.at(27))
        expectRefusal(.refused, mentioning: "already marked") { _ = try run(.mark(milestone: "ransom-paid", at: nil), on: incident, at: 5) }
        expectRefusal(.notFound, mentioning: "milestones: ransom-paid") { _ = try run(.mark(milestone: "paid", at: nil), on: incident, at: 5) }
        incident = try run(.file(obligationID: "circia/report", reference: "CISA-1", at: TestTime.at(20), evidence: nil), on: incident, at: 21)
        #expect(incident.obligation("circia/report")?.metAt == TestTime.at(20))
        #expect(incident.obligation("circia/follow-up")?.dueAt.map(RFC3339.format) == "2026-12-29T05:00:00Z")
        expectRefusal(.refused, mentioning: "already met") {
            _ = try run(.file(obligationID: "circia/report", reference: "again", at: nil, evidence: nil), on: incident, at: 22)
        }
        incident = try run(.supplement(obligationID: "circia/report", reason: "more"), on: incident, at: 23)
        #expect(incident.obligation("circia/report")?.supplements.map(\.number) == [1])
        #expect(incident.obligation("circia/report")?.metAt == TestTime.at(20))
    }

    @Test func factsMustBeDeclared() throws {
        var incident = try run(.declare(awareAt: nil, reason: nil, regimes: ["circia"]), on: Sample.incident(), at: 2)
        incident = try run(.setFacts([.init(key: "nature_of_breach", value: "exfiltration")]), on: incident, at: 3)
        #expect(incident.fact("nature_of_breach") == "exfiltration")
        expectRefusal(.notFound, mentioning: "fact 'colour' is not declared") {
            _ = try run(.setFacts([.init(key: "colour", value: "blue")]), on: incident, at: 4)
        }
    }
}

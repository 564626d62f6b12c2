import Foundation
import Testing
@testable import BreachDomain

@Suite("decide: waive and close")
struct ObligationDecisionTests {
    /// A declared incident whose notify-dpa obligation was met by one delivered notification.
    private var dpaMet: Incident {
        Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3), (Sample.delivered("n1", for: "notify-dpa"), 4))
    }

    @Test func waivesAnObligationWithItsReason() throws {
        let events = try decide(.waive(obligationID: "sec-8k", reason: " not material "), on: Sample.declared())
        #expect(events == [.obligationWaived(obligationID: "sec-8k", reason: "not material")])
    }

    @Test func refusesAnUnknownObligationAndNamesTheKnownOnes() {
        expectRefusal(.notFound, mentioning: "'notify-sa'", "notify-dpa, notify-customers, sec-8k") {
            _ = try decide(.waive(obligationID: "notify-sa", reason: "r"), on: Sample.declared())
        }
    }

    @Test func refusesAWaiverOnAnUndeclaredIncidentWithAHint() {
        expectRefusal(.notFound, mentioning: "no obligations", "declared") {
            _ = try decide(.waive(obligationID: "notify-dpa", reason: "r"), on: Sample.incident())
        }
    }

    @Test func refusesToWaiveAMetObligation() {
        expectRefusal(.refused, mentioning: "already met") {
            _ = try decide(.waive(obligationID: "notify-dpa", reason: "r"), on: dpaMet)
        }
    }

    @Test func refusesToWaiveTwice() {
        let incident = Sample.declared((.obligationWaived(obligationID: "sec-8k", reason: "not material"), 3))
        expectRefusal(.refused, mentioning: "already waived") {
            _ = try decide(.waive(obligationID: "sec-8k", reason: "again"), on: incident)
        }
    }

    @Test func refusesAWaiverWithoutAReason() {
        expectRefusal(.invalidInput, mentioning: "reason") { _ = try decide(.waive(obligationID: "sec-8k", reason: " "), on: Sample.declared()) }
    }

    @Test func closesAnIncidentWithoutObligations() throws {
        #expect(try decide(.close(resolution: "false positive"), on: Sample.incident()) == [.closed(resolution: "false positive")])
    }

    @Test func refusesToCloseWhileObligationsAreOutstandingAndNamesThem() {
        // Given notify-dpa met, notify-customers due at hour 74, sec-8k with no due time yet
        // When closing at hour 80
        // Then the two outstanding obligations are named with their status
        expectRefusal(.refused, mentioning: "notify-customers (missed)", "sec-8k (pending)", "breach waive INC-1") {
            _ = try decide(.close(resolution: "done"), on: dpaMet, at: 80)
        }
    }

    @Test func closesOnceEveryObligationIsMetOrWaived() throws {
        let incident = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3), (Sample.delivered("n1", for: "notify-dpa"), 4),
                                       (.obligationWaived(obligationID: "notify-customers", reason: "no customer data"), 5),
                                       (.obligationWaived(obligationID: "sec-8k", reason: "not material"), 5))
        #expect(try decide(.close(resolution: "contained"), on: incident) == [.closed(resolution: "contained")])
    }

    @Test func refusesToCloseTwice() {
        expectRefusal(.refused, mentioning: "closed") { _ = try decide(.close(resolution: "again"), on: Sample.incident(in: .closed)) }
    }

    @Test func refusesToCloseWithoutAResolution() {
        expectRefusal(.invalidInput, mentioning: "resolution") { _ = try decide(.close(resolution: ""), on: Sample.incident()) }
    }
}

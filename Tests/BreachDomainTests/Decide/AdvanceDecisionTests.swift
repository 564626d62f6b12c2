import Foundation
import Testing
@testable import BreachDomain
import BreachTestSupport

@Suite("decide: advance")
struct AdvanceDecisionTests {
    /// The sample incident, still in detect, with every required item from detect through `stage` checked.
    private func checked(through stage: Stage) -> Incident {
        Sample.incident(Stage.allCases.filter { $0 <= stage }.flatMap { earlier in
            FakePlaybook.standard.requiredItems(of: earlier).map { (IncidentEvent.checklistItemChecked(stage: earlier, item: $0), 1.0) }
        })
    }

    @Test func movesToTheNextStage() throws {
        // Given an incident in detect whose triage is checked
        let incident = checked(through: .detect)
        // When it advances without a target
        let events = try decide(.advance(to: nil, reason: nil, force: false), on: incident)
        // Then it moves to assess
        #expect(events == [.stageAdvanced(from: .detect, to: .assess, reason: nil, forced: false)])
    }

    @Test func movesForwardToALaterStageWhenEveryLeftStageIsDone() throws {
        let incident = checked(through: .assess)
        let events = try decide(.advance(to: .diagnose, reason: "scope confirmed", force: false), on: incident)
        #expect(events == [.stageAdvanced(from: .detect, to: .diagnose, reason: "scope confirmed", forced: false)])
    }

    @Test func skippingAStageRequiresItsChecklistToo() {
        // Given detect's triage is done but assess's scope is not
        let incident = Sample.incident((.checklistItemChecked(stage: .detect, item: "triage"), 1))
        // When skipping assess straight to diagnose
        // Then the skipped stage's open item is named
        expectRefusal(.refused, mentioning: "assess/scope", "--force --reason") {
            _ = try decide(.advance(to: .diagnose, reason: nil, force: false), on: incident)
        }
    }

    @Test func openRequiredItemsOfTheStageBeingLeftBlockAndAreNamed() {
        let incident = Sample.incident()
        expectRefusal(.refused, mentioning: "detect/triage", "breach check-item INC-1") {
            _ = try decide(.advance(to: nil, reason: nil, force: false), on: incident)
        }
    }

    @Test func optionalItemsAndItemsOfLaterStagesDoNotBlock() throws {
        // Given only triage checked: timeline-started (optional) and assess/scope (a later stage) are open
        let incident = Sample.incident((.checklistItemChecked(stage: .detect, item: "triage"), 1))
        #expect(try decide(.advance(to: nil, reason: nil, force: false), on: incident).count == 1)
    }

    @Test func anItemCheckedInAnotherStageDoesNotCount() {
        let incident = Sample.incident((.checklistItemChecked(stage: .assess, item: "triage"), 1))
        expectRefusal(.refused, mentioning: "detect/triage") {
            _ = try decide(.advance(to: nil, reason: nil, force: false), on: incident)
        }
    }

    @Test func withoutAPlaybookNothingBlocks() throws {
        let events = try decide(.advance(to: .stabilize, reason: nil, force: false), on: Sample.incident(), playbook: nil)
        #expect(events == [.stageAdvanced(from: .detect, to: .stabilize, reason: nil, forced: false)])
    }

    @Test func refusesToGoBackwards() {
        let incident = Sample.incident(in: .diagnose)
        expectRefusal(.refused, mentioning: "only move forward", "breach reopen INC-1 --to assess") {
            _ = try decide(.advance(to: .assess, reason: nil, force: false), on: incident)
        }
    }

    @Test func refusesTheStageItIsAlreadyIn() {
        let incident = Sample.incident(in: .assess)
        expectRefusal(.refused, mentioning: "already in assess") {
            _ = try decide(.advance(to: .assess, reason: nil, force: false), on: incident)
        }
    }

    @Test(arguments: [Stage?.none, .closed])
    func refusesToAdvanceIntoClosedAndPointsToClose(_ target: Stage?) {
        let incident = Sample.incident(in: .stabilize)
        expectRefusal(.refused, mentioning: "breach close INC-1 --resolution") {
            _ = try decide(.advance(to: target, reason: nil, force: false), on: incident)
        }
    }

    @Test func refusesAClosedIncident() {
        expectRefusal(.refused, mentioning: "closed", "reopen") {
            _ = try decide(.advance(to: nil, reason: nil, force: true), on: Sample.incident(in: .closed))
        }
    }

    @Test(arguments: [String?.none, "", "   "])
    func refusesForceWithoutAReason(_ reason: String?) {
        expectRefusal(.invalidInput) {
            _ = try decide(.advance(to: nil, reason: reason, force: true), on: Sample.incident())
        }
    }

    @Test func forceWithAReasonSkipsTheChecklistAndIsRecorded() throws {
        // Given every required item open
        // When forced with a reason
        let events = try decide(.advance(to: .diagnose, reason: "attacker still active", force: true), on: Sample.incident())
        // Then the advance happens and says it was forced, and why
        #expect(events == [.stageAdvanced(from: .detect, to: .diagnose, reason: "attacker still active", forced: true)])
        let after = Incident.evolve(Sample.incident(), RecordedIncidentEvent(events[0], at: TestTime.at(3), by: "bob"), id: "INC-1")
        #expect(after?.stage == .diagnose)
    }
}

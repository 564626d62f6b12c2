import Foundation
import Testing
@testable import BreachDomain

@Suite("decide: check-item")
struct ChecklistDecisionTests {
    @Test func checksAnItemOfTheCurrentStage() throws {
        let events = try decide(.checkItem("triage"), on: Sample.incident())
        #expect(events == [.checklistItemChecked(stage: .detect, item: "triage")])
    }

    @Test func findsTheStageAnItemBelongsTo() throws {
        // Given an incident in detect
        // When an item of the diagnose checklist is checked ahead of time
        let events = try decide(.checkItem("root-cause"), on: Sample.incident())
        // Then it is recorded against diagnose, where it belongs
        #expect(events == [.checklistItemChecked(stage: .diagnose, item: "root-cause")])
    }

    @Test func refusesAnUnknownItemAndListsTheCurrentStagesItems() {
        expectRefusal(.notFound, mentioning: "'scoop'", "data-breach", "triage, timeline-started") {
            _ = try decide(.checkItem("scoop"), on: Sample.incident())
        }
    }

    @Test func refusesAnItemAlreadyChecked() {
        let incident = Sample.incident((.checklistItemChecked(stage: .detect, item: "triage"), 1))
        expectRefusal(.refused, mentioning: "triage", "already checked") {
            _ = try decide(.checkItem("triage"), on: incident)
        }
    }

    @Test func refusesWithoutAPlaybookChecklist() {
        expectRefusal(.notFound, mentioning: "no playbook checklist") {
            _ = try decide(.checkItem("triage"), on: Sample.incident(), playbook: nil)
        }
    }

    @Test func refusesAClosedIncident() {
        expectRefusal(.refused, mentioning: "closed") { _ = try decide(.checkItem("triage"), on: Sample.incident(in: .closed)) }
    }
}

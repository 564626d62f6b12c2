import Foundation
import Testing
@testable import BreachDomain

@Suite("evolve: state and versions")
struct EvolveTests {
    @Test func theVersionCountsEveryEvent() {
        // Given a history of five events
        let steps: [(IncidentEvent, Double)] = [(.noteAdded(text: "a"), 1), (.assigned(assignee: "bob"), 2),
                                                 (.contactLinked(contactID: "dpa"), 3), (.noteAdded(text: "b"), 4)]
        // When folded one event at a time
        var state: Incident? = nil
        var versions: [Int] = []
        for (event, hours) in [(Sample.detected, 0.0)] + steps {
            state = Incident.evolve(state, RecordedIncidentEvent(event, at: TestTime.at(hours), by: "alice"), id: "INC-1")
            versions.append(state!.version)
        }
        // Then the version is the number of events so far
        #expect(versions == [1, 2, 3, 4, 5])
        #expect(state == Sample.incident(steps))
    }

    @Test func anEventBeforeDetectionProducesNoIncident() {
        #expect(Incident.evolve(nil, RecordedIncidentEvent(.noteAdded(text: "x"), at: TestTime.at(0), by: "a"), id: "INC-1") == nil)
        #expect(Incident.replay(id: "INC-1", []) == nil)
    }

    @Test func detectionSetsTheIdentityOfTheIncident() {
        let incident = Sample.incident()
        #expect(incident.id == "INC-1")
        #expect(incident.title == "Leaked S3 bucket")
        #expect(incident.kind == "data-breach")
        #expect(incident.severity == .high)
        #expect(incident.detectedAt == TestTime.at(0))
        #expect(!incident.isDeclared)
    }

    @Test func annotationsKeepTheirTimeAndActor() {
        let incident = Sample.incident((.noteAdded(text: "rotated keys"), 1), (.assigned(assignee: "bob"), 2),
                                       (.checklistItemChecked(stage: .detect, item: "triage"), 3), (.contactLinked(contactID: "dpa"), 4),
                                       (.contactLinked(contactID: "dpa"), 5), (.materialityDetermined(at: TestTime.at(4)), 6),
                                       by: "carol")
        #expect(incident.notes == [Note(text: "rotated keys", at: TestTime.at(1), actor: "carol")])
        #expect(incident.assignee == "bob")
        #expect(incident.isChecked("triage", in: .detect))
        #expect(incident.checkedItems.first?.actor == "carol")
        #expect(incident.affectedContacts == ["dpa"])
        #expect(incident.determinedAt == TestTime.at(4))
    }
}

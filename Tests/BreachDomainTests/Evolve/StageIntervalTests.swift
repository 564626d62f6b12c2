import Foundation
import Testing
@testable import BreachDomain

@Suite("evolve: stages")
struct StageIntervalTests {
    @Test func detectionOpensTheFirstStint() {
        let incident = Sample.incident()
        #expect(incident.stage == .detect)
        #expect(incident.stageIntervals == [StageInterval(stage: .detect, enteredAt: TestTime.at(0))])
    }

    @Test func advancingLeavesOneStageAndEntersTheNext() {
        // Given detected at hour 0
        // When advanced to assess at hour 2 and forced to stabilize at hour 5
        let incident = Sample.incident((.stageAdvanced(from: .detect, to: .assess, reason: nil, forced: false), 2),
                                       (.stageAdvanced(from: .assess, to: .stabilize, reason: "urgent", forced: true), 5))
        // Then each stint has its entry and exit, the current one still open
        #expect(incident.stage == .stabilize)
        #expect(incident.stageIntervals == [
            StageInterval(stage: .detect, enteredAt: TestTime.at(0), leftAt: TestTime.at(2)),
            StageInterval(stage: .assess, enteredAt: TestTime.at(2), leftAt: TestTime.at(5)),
            StageInterval(stage: .stabilize, enteredAt: TestTime.at(5)),
        ])
        #expect(incident.stageIntervals[1].duration(until: TestTime.at(100)) == 3 * 3600)
        #expect(incident.stageIntervals[2].duration(until: TestTime.at(7)) == 2 * 3600)
    }

    @Test func closingAndReopeningAddsASecondStint() {
        // Given an incident closed at hour 4
        // When reopened to assess at hour 10 and closed again at hour 12
        let incident = Sample.incident((.stageAdvanced(from: .detect, to: .assess, reason: nil, forced: false), 1),
                                       (.closed(resolution: "false positive"), 4),
                                       (.reopened(to: .assess, reason: "it was not"), 10))
        // Then assess has two stints and closed one that ended at the reopening
        #expect(incident.stage == .assess)
        #expect(incident.closedAt == nil)
        #expect(incident.resolution == nil)
        #expect(incident.stageIntervals == [
            StageInterval(stage: .detect, enteredAt: TestTime.at(0), leftAt: TestTime.at(1)),
            StageInterval(stage: .assess, enteredAt: TestTime.at(1), leftAt: TestTime.at(4)),
            StageInterval(stage: .closed, enteredAt: TestTime.at(4), leftAt: TestTime.at(10)),
            StageInterval(stage: .assess, enteredAt: TestTime.at(10)),
        ])
    }

    @Test func closingRecordsTheTimeAndResolution() {
        let incident = Sample.incident((.closed(resolution: "contained"), 6))
        #expect(incident.isClosed)
        #expect(incident.closedAt == TestTime.at(6))
        #expect(incident.resolution == "contained")
    }
}

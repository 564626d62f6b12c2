@testable import BreachKit
import Foundation
import Testing

@Suite struct PercentileTests {
    // Hand-computed, type 7: h = (n − 1)·p.
    @Test func linearInterpolationBetweenClosestRanks() {
        let values: [Double] = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]
        #expect(Percentile.of(values, 0.5) == 5.5)                 // h = 4.5 → 5 + 0.5·1
        #expect(Percentile.of(values, 0.9)! == 9.1)                 // h = 8.1 → 9 + 0.1·1
        #expect(Percentile.of(values, 0) == 1)
        #expect(Percentile.of(values, 1) == 10)
        #expect(Percentile.of([10, 20, 30, 80], 0.5) == 25)         // h = 1.5
        #expect(abs(Percentile.of([10, 20, 30, 80], 0.9)! - 65) < 1e-9)  // h = 2.7 → 30 + 0.7·50
        #expect(Percentile.of([4], 0.9) == 4)
        #expect(Percentile.of([], 0.5) == nil)
        #expect(Percentile.mean([1, 2, 6]) == 3)
    }
}

@Suite struct SummaryReportTests {
    /// Four declared incidents notified 10, 20, 30 and 80 hours after declaration (72 h obligations),
    /// one pending, one undeclared.
    @Test func summaryOfAHandComputedSet() throws {
        let scenario = try ReportScenario()
        for (index, hoursAfter) in [10.0, 20, 30, 80].enumerated() {
            let base = Double(index * 200)
            let id = try scenario.detect("n\(index)", at: base)
            try scenario.advance(id, to: .stabilize, at: base + 2 * Double(index + 1))   // 2, 4, 6, 8 h after detection
            try scenario.declare(id, at: base + 1)                                       // 1 h after detection
            try scenario.notify(id, at: base + 1 + hoursAfter)
            try scenario.run(.close(resolution: "done"), on: id, at: base + 100)
        }
        let pending = try scenario.detect("pending", at: 1000)
        try scenario.declare(pending, at: 1003)
        try scenario.detect("undeclared", at: 1001)

        let summary = try scenario.service(at: 1010).summaryReport(ReportWindow())
        #expect(summary.detected == 6)
        #expect(summary.declared == 5)
        #expect(summary.closed == 4)
        #expect(summary.verdicts == [.met: 3, .missed: 1, .pending: 1])
        #expect(summary.notifiedWithinDeadlinePercent == 75)
        #expect(summary.toFirstNotification.count == 4)
        #expect(summary.toFirstNotification.median == 25)
        #expect(abs(summary.toFirstNotification.p90! - 65) < 1e-9)
        #expect(summary.toLastNotification.median == 25)
        #expect(abs(summary.meanHoursToDeclare! - 1.4) < 1e-9)   // (1 + 1 + 1 + 1 + 3) / 5
        #expect(summary.meanHoursToStabilize == 5)
        #expect(summary.meanHoursToClose == 100)

        let json = summary.json
        #expect(json["hours_to_first_notification"]?["p90_hours"] == .double(65))
        #expect(json["notified_within_deadline_percent"] == .double(75))
        #expect(summary.table.contains("median 25.00 h, p90 65.00 h (n = 4)"))
    }

    @Test func emptySummaryHasNoFigures() throws {
        let scenario = try ReportScenario()
        let summary = try scenario.service(at: 0).summaryReport(ReportWindow())
        #expect(summary.detected == 0)
        #expect(summary.notifiedWithinDeadlinePercent == nil)
        #expect(summary.json["hours_to_first_notification"]?["median_hours"] == .null)
    }
}

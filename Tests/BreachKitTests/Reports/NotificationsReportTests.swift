@testable import BreachKit
import Foundation
import Testing

@Suite struct NotificationsReportTests {
    /// INC-1: email retried once then delivered, webhook failed permanently. INC-2: one delivery a day later.
    private func scenario() throws -> ReportScenario {
        let scenario = try ReportScenario()
        let id = try scenario.detect(at: 0)
        try scenario.declare(id, at: 1)
        try scenario.queue(id, obligation: "notify-dpa", notification: "n-email", at: 2)
        try scenario.queue(id, obligation: "notify-dpa", notification: "n-hook", contact: "dpa-portal", channel: "webhook", at: 2)
        try scenario.retry(id, obligation: "notify-dpa", notification: "n-email", attempt: 1, error: "421 4.7.0 try again later",
                           smtpCode: 421, at: 2)
        try scenario.fail(id, obligation: "notify-dpa", notification: "n-hook", attempt: 1, error: "=HTTP 410 Gone", httpStatus: 410, at: 2)
        try scenario.deliver(id, obligation: "notify-dpa", notification: "n-email", attempt: 2, at: 3)
        let second = try scenario.detect(at: 24)
        try scenario.declare(second, at: 25)
        try scenario.queue(second, obligation: "notify-dpa", notification: "m-hook", contact: "dpa-portal", channel: "webhook", at: 26)
        try scenario.deliver(second, obligation: "notify-dpa", notification: "m-hook", receipt: "HTTP 202", smtpCode: nil,
                             httpStatus: 202, at: 26)
        return scenario
    }

    @Test func oneRowPerAttemptWithContactAndChannelFromTheQueuedEvent() throws {
        let scenario = try scenario()
        let output = StringOutput()
        try scenario.service(at: 30).notificationsReport(ReportWindow(), incidentID: nil, format: .csv, to: output)
        #expect(output.text == [
            "incident_id,obligation_id,notification_id,contact_id,channel,attempt,at,outcome,receipt,http_status,smtp_code,error,backdated,regime,reference,evidence_sha256,supplement",
            "INC-1,notify-dpa,n-email,dpa-ie,email,1,2026-03-02T02:00:00Z,retry,421 4.7.0 try again later,,421,421 4.7.0 try again later,backdated,,,,",
            "INC-1,notify-dpa,n-hook,dpa-portal,webhook,1,2026-03-02T02:00:00Z,failed,'=HTTP 410 Gone,410,,'=HTTP 410 Gone,backdated,,,,",
            "INC-1,notify-dpa,n-email,dpa-ie,email,2,2026-03-02T03:00:00Z,delivered,250 2.0.0 Ok: queued as 4F1A2,,250,,backdated,,,,",
            "INC-2,notify-dpa,m-hook,dpa-portal,webhook,1,2026-03-03T02:00:00Z,delivered,HTTP 202,202,,,backdated,,,,",
            "",
        ].joined(separator: "\r\n"))
    }

    @Test func filtersByIncidentAndByAttemptTime() throws {
        let scenario = try scenario()
        let service = scenario.service(at: 30)
        #expect(try service.notificationAttempts(ReportWindow(), incidentID: "INC-2").map(\.notificationID) == ["m-hook"])
        let window = ReportWindow(since: ReportScenario.at(2.5), until: ReportScenario.at(26))
        #expect(try service.notificationAttempts(window).map(\.notificationID) == ["n-email"])
        #expect(throws: BreachError.self) {
            try service.notificationsReport(ReportWindow(), incidentID: "INC-9", format: .csv, to: StringOutput())
        }
    }

    @Test func jsonHasTypedFields() throws {
        let scenario = try scenario()
        let output = StringOutput()
        try scenario.service(at: 30).notificationsReport(ReportWindow(), incidentID: "INC-2", format: .json, to: output)
        let row = try #require(try JSONValue.parse(output.text).arrayValue?.first)
        #expect(row["http_status"] == .int(202))
        #expect(row["smtp_code"] == .null)
        #expect(row["outcome"] == .string("delivered"))
        #expect(row["at"] == .string("2026-03-03T02:00:00Z"))
    }
}

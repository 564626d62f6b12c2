import Foundation
import Testing
@testable import BreachDomain

/// Due dates of whole obligation rules: each anchor kind, chains, and anchors not yet recorded.
@Suite struct ObligationDueDateTests {
    /// One incident's recorded times and an obligation; `expected` nil means "no due date yet".
    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let anchor: ObligationAnchor
        let duration: ObligationDuration
        let times: IncidentTimes
        let expected: String?
        var testDescription: String { name }
    }

    static func at(_ text: String) -> Date { RFC3339.parse(text)! }

    /// Declared Monday 2026-05-04 10:00, aware Saturday 2026-05-02 08:30, determined Thursday 2026-05-07 18:00.
    static let recorded = IncidentTimes(
        declaredAt: at("2026-05-04T10:00:00Z"), awareAt: at("2026-05-02T08:30:00Z"),
        determinedAt: at("2026-05-07T18:00:00Z"),
        fulfilledAt: ["incident-notification": at("2026-05-06T15:45:00Z")])

    static let rows: [Row] = [
        Row(name: "seed: 72 h from declaration", anchor: .declared, duration: .hours(72), times: recorded,
            expected: "2026-05-07T10:00:00Z"),
        Row(name: "GDPR Art. 33: 72 h from awareness", anchor: .aware, duration: .hours(72), times: recorded,
            expected: "2026-05-05T08:30:00Z"),
        Row(name: "NIS2 early warning: 24 h from awareness", anchor: .aware, duration: .hours(24), times: recorded,
            expected: "2026-05-03T08:30:00Z"),
        Row(name: "awareness defaults to the declaration", anchor: .aware, duration: .hours(72),
            times: IncidentTimes(declaredAt: at("2026-05-04T10:00:00Z")), expected: "2026-05-07T10:00:00Z"),
        Row(name: "SEC 8-K: 4 business days from determination", anchor: .determined, duration: .businessDays(4),
            times: recorded, expected: "2026-05-13T18:00:00Z"),
        Row(name: "HIPAA: 60 days from discovery", anchor: .aware, duration: .days(60), times: recorded,
            expected: "2026-07-01T08:30:00Z"),
        Row(name: "NIS2 final report: a month after the late notification", anchor: .fulfilled("incident-notification"),
            duration: .months(1), times: recorded, expected: "2026-06-06T15:45:00Z"),
        Row(name: "NIS2 final report: notification met on Jan 31", anchor: .fulfilled("incident-notification"),
            duration: .months(1),
            times: IncidentTimes(declaredAt: at("2026-01-27T09:00:00Z"),
                                 fulfilledAt: ["incident-notification": at("2026-01-31T07:00:00Z")]),
            expected: "2026-02-28T07:00:00Z"),
        Row(name: "SEC before determine: no due date", anchor: .determined, duration: .businessDays(4),
            times: IncidentTimes(declaredAt: at("2026-05-04T10:00:00Z")), expected: nil),
        Row(name: "final report before the notification: no due date", anchor: .fulfilled("incident-notification"),
            duration: .months(1), times: IncidentTimes(declaredAt: at("2026-05-04T10:00:00Z")), expected: nil),
        Row(name: "fulfilment of a different obligation does not count", anchor: .fulfilled("early-warning"),
            duration: .months(1), times: recorded, expected: nil),
        Row(name: "not declared: no due date", anchor: .declared, duration: .hours(72), times: IncidentTimes(), expected: nil),
        Row(name: "not declared nor aware: no due date", anchor: .aware, duration: .hours(72), times: IncidentTimes(), expected: nil),
    ]

    @Test(arguments: rows)
    func dueDate(_ row: Row) {
        let rule = ObligationRule(
            id: "x", title: "X", audience: AudienceSelector(roles: ["authority"]), channels: [.email],
            anchor: row.anchor, duration: row.duration, template: MessageTemplate(subject: "s", body: "b"))
        #expect(rule.dueDate(times: row.times, holidays: []).map(RFC3339.format) == row.expected)
    }

    @Test func escalationTimesCountBackFromTheDueTime() {
        let rule = ObligationRule(
            id: "x", title: "X", audience: AudienceSelector(roles: ["authority"]), channels: [.email],
            anchor: .declared, duration: .hours(72), escalationThresholds: [3_600, 172_800, 21_600, 86_400],
            template: MessageTemplate(subject: "s", body: "b"))
        #expect(rule.escalationThresholds == [172_800, 86_400, 21_600, 3_600])
        let times = rule.escalationTimes(due: Self.at("2026-05-07T10:00:00Z")).map(RFC3339.format)
        #expect(times == ["2026-05-05T10:00:00Z", "2026-05-06T10:00:00Z", "2026-05-07T04:00:00Z", "2026-05-07T09:00:00Z"])
    }
}

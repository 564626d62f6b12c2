import Foundation
import Testing
@testable import BreachDomain

/// Deadline arithmetic in a calendar's time zone: business days on local dates, `end_of_day`, DST gaps
/// and overlaps, calendars running out, and the composite anchors (earliest-of, end of year).
@Suite struct ZonedDeadlineTests {
    static let newYork = BusinessCalendar(id: "ny", timeZone: "America/New_York", firstYear: 2026, lastYear: 2026,
                                          holidays: ["2026-11-26", "2026-12-25"])
    static let berlin = BusinessCalendar(id: "de", timeZone: "Europe/Berlin", firstYear: 2026, lastYear: 2026, holidays: ["2026-04-03", "2026-04-06"])

    func due(_ anchor: String, _ duration: ObligationDuration, _ calendar: BusinessCalendar?, endOfDay: Bool = false) throws -> String {
        RFC3339.format(try DeadlineCalculator.due(from: RFC3339.parse(anchor)!, adding: duration, calendar: calendar, endOfDay: endOfDay))
    }

    @Test func aNewYorkEveningIsThatNewYorkDay() throws {
        // Monday 20:30 EST is Tuesday 01:30 UTC: counted in UTC the filing was due Sunday night New York time.
        #expect(try due("2026-03-03T01:30:00Z", .businessDays(4), Self.newYork, endOfDay: true) == "2026-03-07T04:59:59Z")
        #expect(try due("2026-03-03T01:30:00Z", .businessDays(4), Self.newYork) == "2026-03-07T01:30:00Z")
        #expect(DeadlineCalculator.due(from: RFC3339.parse("2026-03-03T01:30:00Z")!, adding: .businessDays(4), holidays: [])
                    .timeIntervalSince1970 == RFC3339.parse("2026-03-09T01:30:00Z")!.timeIntervalSince1970, "the old UTC count, for contrast")
    }

    @Test func holidaysAreSkippedOnLocalDates() throws {
        // Wednesday before Thanksgiving, 15:00 EST: Fri 27, Mon 30, Tue 1, Wed 2.
        #expect(try due("2026-11-25T20:00:00Z", .businessDays(4), Self.newYork) == "2026-12-02T20:00:00Z")
        // Thursday before Easter in Berlin: Good Friday and Easter Monday skipped.
        #expect(try due("2026-04-02T10:00:00Z", .businessDays(2), Self.berlin) == "2026-04-08T10:00:00Z")
    }

    @Test func wallTimesAcrossDaylightSaving() throws {
        #expect(try due("2026-03-28T09:00:00Z", .days(1), Self.berlin) == "2026-03-29T08:00:00Z")   // 23 hours
        #expect(try due("2026-10-24T08:00:00Z", .days(1), Self.berlin) == "2026-10-25T09:00:00Z")   // 25 hours
        #expect(try due("2026-03-28T01:30:00Z", .days(1), Self.berlin) == "2026-03-29T01:30:00Z")   // 02:30 does not exist: 03:30 CEST
        #expect(try due("2026-10-24T00:30:00Z", .days(1), Self.berlin) == "2026-10-25T00:30:00Z")   // 02:30 twice: the first
        #expect(try due("2026-03-27T12:00:00Z", .hours(72), Self.berlin) == "2026-03-30T12:00:00Z") // hours stay exact
    }

    @Test func aCalendarRunningOutIsAnErrorNeverAGuess() throws {
        #expect(throws: CalendarGap(calendarID: "ny", year: 2027, coverage: "2026")) {
            try due("2026-12-30T15:00:00Z", .businessDays(2), Self.newYork)
        }
        // Hours and days need no holidays: the coverage does not limit them.
        #expect(try due("2026-12-31T15:00:00Z", .days(10), Self.newYork) == "2027-01-10T15:00:00Z")
    }

    @Test func earliestOfTakesTheEarliestKnownTerm() throws {
        let rule = ObligationRule(id: "initial", title: "Initial", audience: AudienceSelector(roles: ["authority"]), channels: [.email],
                                  anchor: .earliest([.init(anchor: .milestone("classified-major"), duration: .hours(4)),
                                                     .init(anchor: .aware, duration: .hours(24))]),
                                  duration: .hours(4), template: MessageTemplate(subject: "s", body: "b"))
        var times = IncidentTimes(declaredAt: RFC3339.parse("2026-06-01T08:00:00Z"))
        #expect(try rule.dueDate(times: times, calendar: nil).map(RFC3339.format) == "2026-06-02T08:00:00Z")
        times.milestones["classified-major"] = RFC3339.parse("2026-06-01T10:00:00Z")
        #expect(try rule.dueDate(times: times, calendar: nil).map(RFC3339.format) == "2026-06-01T14:00:00Z")
        #expect(ObligationAnchor(parsing: rule.anchor.text) == rule.anchor)
    }

    @Test func endOfYearIsTheLastSecondOfTheYearInTheZone() throws {
        let rule = ObligationRule(id: "hhs", title: "HHS", audience: AudienceSelector(roles: ["authority"]), channels: [.email],
                                  anchor: .endOfYear(.aware), duration: .days(60), template: MessageTemplate(subject: "s", body: "b"))
        let times = IncidentTimes(declaredAt: RFC3339.parse("2027-01-01T03:00:00Z"))
        // Still 31 December 2026 in New York; 60 days after its end is 1 March 2027 23:59:59 EST.
        #expect(try rule.dueDate(times: times, calendar: Self.newYork).map(RFC3339.format) == "2027-03-02T04:59:59Z")
        #expect(try rule.dueDate(times: times, calendar: nil).map(RFC3339.format) == "2028-02-29T23:59:59Z")
        #expect(ObligationAnchor(parsing: "end_of_year:aware") == .endOfYear(.aware))
    }

    @Test func aCalendarSurvivesItsSnapshot() throws {
        let rule = ObligationRule(id: "form", title: "8-K", audience: AudienceSelector(roles: ["authority"]), channels: [.email],
                                  anchor: .determined, duration: .businessDays(4), template: MessageTemplate(subject: "s", body: "b"),
                                  calendar: "ny", endOfDay: true, metWhen: .first, requiresFacts: ["nature"])
        let snapshot = ObligationSnapshot(rule, dueAt: nil, holidays: [], calendar: Self.newYork, regime: "sec")
        let read = try ObligationSnapshot(payload: snapshot.payload)
        #expect(read == snapshot)
        #expect(read.rule?.metWhen == .first && read.rule?.endOfDay == true && read.rule?.requiresFacts == ["nature"])
        // A rule without the new fields keeps the bytes it always had.
        let plain = ObligationRule(id: "a", title: "A", audience: AudienceSelector(roles: ["x"]), channels: [.email], anchor: .declared,
                                   duration: .hours(72), template: MessageTemplate(subject: "s", body: "b"))
        guard case let .object(pairs) = plain.json else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["anchor", "audience", "channels", "duration", "escalationThresholds", "id", "template", "title"])
    }

    @Test func anOldSnapshotWithoutACalendarStillCountsAsItDid() throws {
        // An incident.declared snapshot as breach wrote it before calendars: holidays inline, UTC dates.
        let old = try JSONValue.parse("""
            {"id":"form-8k","title":"File Form 8-K","audience_text":"role authority","anchor":"determined","channels":["email"],
             "due_at":null,"escalation_thresholds":[],"holidays":["2026-11-26"],
             "rule":{"anchor":"determined","audience":{"roles":["authority"],"scope":"registry","tags":["sec"]},"channels":["email"],
                     "duration":"4bd","escalationThresholds":[],"id":"form-8k","template":{"body":"b","subject":"s"},"title":"File Form 8-K"}}
            """)
        let snapshot = try ObligationSnapshot(payload: old)
        #expect(snapshot.calendar == nil && snapshot.regime == nil && snapshot.rule?.metWhen == .all)
        let incident = Sample.incident((.declared(awareAt: TestTime.at(1), reason: nil, obligations: [snapshot]), 2),
                                       (.materialityDetermined(at: RFC3339.parse("2026-11-25T16:00:00Z")!), 3))
        // Exactly what it was before issue 15: Fri 27, Mon 30, Tue 1, Wed 2 December at 16:00 UTC.
        #expect(incident.obligation("form-8k")?.dueAt.map(RFC3339.format) == "2026-12-02T16:00:00Z")
    }
}

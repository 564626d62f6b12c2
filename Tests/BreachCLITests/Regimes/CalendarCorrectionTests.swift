import Foundation
import Testing

/// Calendars as data files: a correction never moves a due time already computed, but `check` says so
/// for every open obligation, what changed, until it is met or waived; a due time a calendar cannot give
/// is flagged by `show` and `check`; `playbook validate` warns a year before a calendar runs out.
@Suite("Regimes: calendar files, corrections and coverage")
struct CalendarCorrectionTests {
    /// A copy of the golden table's fixture playbooks the test may edit.
    func given() throws -> (cli: BreachCLI, playbooks: URL) {
        var cli = try BreachCLI()
        let playbooks = cli.directory.url.appendingPathComponent("Playbooks", isDirectory: true)
        try FileManager.default.copyItem(at: GoldenDeadlineTests.root.appendingPathComponent("Fixtures/deadlines/playbooks"), to: playbooks)
        cli.environment["BREACH_PLAYBOOKS"] = playbooks.path
        return (cli, playbooks)
    }

    @Test func aCorrectedCalendarIsWarnedAboutAndTheDueTimeStays() throws {
        let (cli, playbooks) = try given()
        try cli.succeed("detect", "8-K", "--kind", "g-ny-4bd-eod", "--severity", "high", now: "2026-03-01T12:00:00Z")
        try cli.succeed("declare", "INC-1", now: "2026-03-01T12:00:00Z")
        try cli.succeed("determine", "INC-1", "--at", "2026-03-03T01:30:00Z", now: "2026-03-03T02:00:00Z")
        let before = try cli.succeed("show", "INC-1", "--json", now: "2026-03-03T02:00:00Z").object()
        let due = (before["obligations"] as? [[String: Any]])?.first?["due_at"] as? String
        #expect(due == "2026-03-07T04:59:59Z")
        let quiet = try cli.run("check", now: "2026-03-03T03:00:00Z")
        #expect(!quiet.stderr.contains("corrected"), "\(quiet)")

        // Someone adds a (made-up) closure day on Wednesday 4 March to the calendar file.
        let file = playbooks.appendingPathComponent("calendars/ny-test.yml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "  - 2026-05-25", with: "  - 2026-03-04\n  - 2026-05-25").write(to: file, atomically: true, encoding: .utf8)

        let check = try cli.run("check", "--json", now: "2026-03-03T04:00:00Z")
        let warnings = try #require(try check.object()["calendar_warnings"] as? [[String: Any]], "\(check)")
        #expect(warnings.count == 1)
        #expect(warnings.first?["obligation_id"] as? String == "form")
        #expect((warnings.first?["detail"] as? String)?.contains("calendar ny-test was corrected after this due time was computed (holidays added: 2026-03-04)") == true, "\(warnings)")
        let text2 = try cli.run("check", now: "2026-03-03T04:00:00Z")
        #expect(text2.stderr.contains("INC-1 form: calendar ny-test was corrected"), "\(text2)")
        // The due time did not move.
        let after = try cli.succeed("show", "INC-1", "--json", now: "2026-03-03T04:00:00Z").object()
        #expect((after["obligations"] as? [[String: Any]])?.first?["due_at"] as? String == due)
        // Once met (filed) it is no longer warned about.
        try cli.succeed("file", "INC-1", "form", "--reference", "EDGAR-1", now: "2026-03-04T15:00:00Z")
        let settled = try cli.run("check", "--json", now: "2026-03-04T16:00:00Z")
        #expect((try settled.object()["calendar_warnings"] as? [[String: Any]])?.isEmpty == true, "\(settled)")
    }

    @Test func aDueTimeTheCalendarCannotGiveIsFlaggedNeverGuessed() throws {
        let (cli, _) = try given()
        try cli.succeed("detect", "8-K", "--kind", "g-ny-4bd-eod", "--severity", "high", now: "2027-12-01T12:00:00Z")
        try cli.succeed("declare", "INC-1", now: "2027-12-01T12:00:00Z")
        try cli.succeed("determine", "INC-1", "--at", "2027-12-28T01:00:00Z", now: "2027-12-28T02:00:00Z")
        let shown = try cli.succeed("show", "INC-1", "--json", now: "2027-12-28T02:00:00Z").object()
        let form = try #require((shown["obligations"] as? [[String: Any]])?.first)
        #expect(form["due_at"] is NSNull)
        #expect((form["due_problem"] as? String)?.contains("calendar ny-test covers 2026–2027 but the due time needs 2028's holidays") == true, "\(form)")
        let check = try cli.run("check", now: "2027-12-28T03:00:00Z")
        #expect(check.stderr.contains("INC-1 form: due time unknown"), "\(check)")
        // Plain notify holds it back and says why.
        try cli.expectRefusal(67, ["notify", "INC-1"], now: "2027-12-28T03:00:00Z", mentioning: "its due time is unknown")
    }

    @Test func aDeclarationThatWouldNeedAnUncoveredYearIsRefusedAndNothingIsWritten() throws {
        let (cli, _) = try given()
        try cli.succeed("detect", "notice", "--kind", "g-ny-2bd-declared", "--severity", "high", now: "2027-12-31T15:00:00Z")
        try cli.expectRefusal(65, ["declare", "INC-1"], now: "2027-12-31T15:00:00Z",
                              mentioning: "obligation notice: calendar ny-test covers 2026–2027 but the due time needs 2028's holidays; add them to calendars/ny-test.yml")
    }

    @Test func validateWarnsAYearBeforeACalendarRunsOut() throws {
        let (cli, playbooks) = try given()
        let early = try cli.run("playbook", "validate", playbooks.path, now: "2025-06-01T00:00:00Z")
        #expect(early.status == 0 && early.stderr.isEmpty, "\(early)")
        let late = try cli.run("playbook", "validate", playbooks.path, now: "2027-02-01T00:00:00Z")
        #expect(late.status == 0, "\(late)")
        #expect(late.stderr.contains("warning: calendar ny-test (used by g-ny-2bd-declared) covers 2026–2027"), "\(late)")
    }

    @Test func anUnknownCalendarIsReportedAtItsLine() throws {
        let (cli, playbooks) = try given()
        let file = playbooks.appendingPathComponent("g-ny-4bd.yml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "calendar: ny-test", with: "calendar: ny-tset").write(to: file, atomically: true, encoding: .utf8)
        let output = try cli.run("playbook", "validate", file.path)
        #expect(output.status == 65)
        #expect(output.stderr.hasPrefix(file.path + ":5:11: calendar 'ny-tset' is not in"), "\(output)")
    }
}

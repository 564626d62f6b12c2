import Foundation
import Testing

/// The regimes golden table (Fixtures/deadlines/regimes.csv, written by regimes.py): hand-chosen cases
/// over the shipped regime playbooks (issue 16), each citing its rule, whose expected due times were
/// computed independently of breach. Each row runs through the built binary with the repository's
/// Playbooks/ folder: detect with the regime as the kind, declare, then the row's steps (marks, facts,
/// filings) in order, then `show --json`.
@Suite("Regimes: the shipped regimes' golden table, through the binary")
struct GoldenRegimeTests {
    static let rows: [GoldenDeadlineTests.Row] = {
        let url = GoldenDeadlineTests.root.appendingPathComponent("Fixtures/deadlines/regimes.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var lines = CSV.parse(text)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst()
        return lines.filter { $0.count == header.count }.map { GoldenDeadlineTests.Row(fields: Dictionary(uniqueKeysWithValues: zip(header, $0))) }
    }()

    @Test func theTableHasAtLeastSixtyRowsOverEveryRegimeEachWithItsRule() {
        #expect(Self.rows.count >= 60)
        #expect(Self.rows.allSatisfy { !$0["rule"].isEmpty && !$0["source"].isEmpty && !$0["expected_status"].isEmpty })
        for playbook in ["uk-gdpr-pecr", "dora-major-ict", "nydfs-500-17", "circia-proposed", "hipaa-breach-notification", "us-state-breach",
                         "au-ndb", "sg-pdpa", "br-lgpd", "in-cert-in", "ca-pipeda", "jp-appi"] {
            #expect(Self.rows.contains { $0["playbook"] == playbook }, "no row for \(playbook)")
        }
        for status in ["late", "withdrawn", "absent"] {
            #expect(Self.rows.contains { $0["expected_status"] == status }, "no \(status) row")
        }
    }

    /// The cases issue 16 names are in the table (so that trimming it cannot drop them unnoticed); each is
    /// run like every other row by `theBinaryComputesTheExpectedDueTime`.
    @Test func theIssuesNamedCasesAreInTheTable() {
        func row(_ id: String) -> GoldenDeadlineTests.Row? { Self.rows.first { $0["case_id"] == id } }
        // DORA: classified major at 23:00 after 22 h of awareness: the 24 h cap (01:00 next day) wins over 03:00.
        let dora = row("R001")
        #expect(dora?["playbook"] == "dora-major-ict" && dora?["aware_at"] == "2026-03-02T01:00:00Z")
        #expect(dora?["steps"] == "mark:classified-major@2026-03-02T23:00:00Z" && dora?["expected_due"] == "2026-03-03T01:00:00Z")
        // NYDFS: an extortion payment on Friday 6 March 2026 at 19:30 in New York (00:30 UTC on Saturday).
        let extortion = row("R010")
        #expect(extortion?["obligation"] == "extortion-payment" && extortion?["steps"] == "mark:extortion-paid@2026-03-07T00:30:00Z")
        #expect(extortion?["expected_due"] == "2026-03-08T00:30:00Z")
        // HIPAA: 400 individuals in December go to the annual log, due 60 days after the year's end.
        let december = row("R029")
        #expect(december?["obligation"] == "hhs-annual" && december?["steps"] == "facts:individuals_affected=400@2026-12-11T09:00:00Z")
        #expect(december?["expected_due"] == "2027-03-01T23:59:59Z")
        // HIPAA: 600 across two states: the Secretary within 60 days, no media notice where neither state is over 500.
        #expect(row("R032")?["steps"].hasPrefix("facts:individuals_affected=600,residents.CA=350,residents.TX=250") == true)
        #expect(row("R032")?["expected_status"] == "pending" && row("R033")?["expected_status"] == "absent")
        // A state whose threshold is crossed by a later fact change: California's AG notice, already late.
        let crossed = row("R078")
        #expect(crossed?["obligation"] == "ca-regulator" && crossed?["expected_status"] == "late")
        #expect(crossed?["steps"] == "facts:residents.CA=300@2026-01-06T09:00:00Z;facts:residents.CA=800@2026-02-20T09:00:00Z")
    }

    @Test(arguments: rows)
    func theBinaryComputesTheExpectedDueTime(_ row: GoldenDeadlineTests.Row) throws {
        var cli = try BreachCLI()
        cli.environment["BREACH_PLAYBOOKS"] = GoldenDeadlineTests.root.appendingPathComponent("Playbooks").path
        let declared = row["declared_at"]
        try cli.succeed("detect", "Case \(row["case_id"])", "--kind", row["playbook"], "--severity", "high", now: declared)
        try cli.succeed("declare", "INC-1", "--aware-at", row["aware_at"], now: declared)
        var now = declared
        for step in row["steps"].split(separator: ";").map(String.init) where !step.isEmpty {
            let parts = step.split(separator: "@", maxSplits: 1).map(String.init)
            let (action, at) = (parts[0], parts[1])
            now = max(now, at)
            let verb = action.prefix { $0 != ":" }, argument = String(action.drop { $0 != ":" }.dropFirst())
            switch verb {
            case "mark": try cli.succeed("mark", "INC-1", argument, "--at", at, now: now)
            case "file": try cli.succeed("file", "INC-1", argument, "--reference", "REF-\(row["case_id"])", "--at", at, now: now)
            case "facts": try cli.succeed(["facts", "INC-1"] + argument.split(separator: ",").flatMap { ["--set", String($0)] }, now: now)
            default: Issue.record("unknown step \(step)")
            }
        }
        let shown = try cli.succeed("show", "INC-1", "--json", now: now).object()
        let obligations = try #require(shown["obligations"] as? [[String: Any]])
        let found = obligations.first { $0["id"] as? String == row["obligation"] }
        let context = "case \(row["case_id"]) (\(row["rule"]); \(row["note"]))"
        if row["expected_status"] == "absent" {
            #expect(found == nil, "\(context): \(found ?? [:])")
            let dormant = try #require(shown["not_applicable"] as? [[String: Any]])
            #expect(dormant.contains { $0["id"] as? String == row["obligation"] }, "\(context): not listed as not applicable")
            return
        }
        let obligation = try #require(found, "\(context): no obligation \(row["obligation"])")
        let expectedDue = row["expected_due"]
        if expectedDue.isEmpty {
            #expect(obligation["due_at"] is NSNull, "\(context)")
        } else {
            #expect(obligation["due_at"] as? String == expectedDue, "\(context)")
        }
        switch row["expected_status"] {
        case "late":
            #expect(obligation["late_on_arrival"] as? Bool == true, "\(context): \(obligation)")
            #expect(obligation["status"] as? String == "missed", "\(context)")
            #expect((obligation["applies_reason"] as? String)?.contains("holds") == true, "\(context)")
        case "withdrawn":
            #expect(obligation["status"] as? String == "withdrawn", "\(context)")
            #expect((obligation["withdrawal_reason"] as? String)?.contains("no longer holds") == true, "\(context): \(obligation)")
        default:
            #expect(obligation["status"] as? String == row["expected_status"], "\(context)")
            #expect(obligation["late_on_arrival"] as? Bool == false, "\(context)")
        }
    }
}

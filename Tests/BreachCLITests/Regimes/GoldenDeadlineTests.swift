import Foundation
import Testing

/// The golden table (Fixtures/deadlines/golden.csv): hand-chosen deadline cases whose expected due
/// times were computed independently of breach (Python's zoneinfo and hand-typed holiday lists, see
/// golden.py), each run through the built binary: detect, declare, and determine / mark / file as the
/// row says, then `show --json`. Rows expecting `error:` must be refused at declaration (exit 65) or,
/// when the anchor comes later, leave the due time unknown with the calendar problem named.
@Suite("Regimes: the golden deadline table, through the binary")
struct GoldenDeadlineTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let fields: [String: String]
        subscript(_ key: String) -> String { fields[key] ?? "" }
        var testDescription: String { "\(self["case_id"]) \(self["playbook"]) \(self["note"])" }
    }

    static let root: URL = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root
    }()

    static let rows: [Row] = {
        guard let text = try? String(contentsOf: root.appendingPathComponent("Fixtures/deadlines/golden.csv"), encoding: .utf8) else { return [] }
        var lines = CSV.parse(text)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst()
        return lines.filter { $0.count == header.count }.map { Row(fields: Dictionary(uniqueKeysWithValues: zip(header, $0))) }
    }()

    @Test func theTableHasAtLeastAHundredRowsEachWithItsRuleAndSource() {
        #expect(Self.rows.count >= 100)
        #expect(Self.rows.allSatisfy { !$0["rule"].isEmpty && !$0["source"].isEmpty && !$0["expected_due"].isEmpty })
        // Every kind of case the issue asks for is present.
        for playbook in ["g-ny-4bd-eod", "g-ber-1d", "g-ber-3bd", "g-utc-1mo", "g-earliest", "g-milestone", "g-eoy-utc", "g-chain"] {
            #expect(Self.rows.contains { $0["playbook"] == playbook }, "no row for \(playbook)")
        }
        #expect(Self.rows.filter { $0["expected_due"].hasPrefix("error:") }.count >= 3)
    }

    @Test(arguments: rows)
    func theBinaryComputesTheExpectedDueTime(_ row: Row) throws {
        var cli = try BreachCLI()
        cli.environment["BREACH_PLAYBOOKS"] = Self.root.appendingPathComponent("Fixtures/deadlines/playbooks").path
        let declared = row["declared_at"]
        let expected = row["expected_due"]
        try cli.succeed("detect", "Case \(row["case_id"])", "--kind", row["playbook"], "--severity", "high", now: declared)
        var declare = ["declare", "INC-1"]
        if !row["aware_at"].isEmpty { declare += ["--aware-at", row["aware_at"]] }
        let declaration = try cli.run(declare, now: declared)
        if expected.hasPrefix("error:"), declaration.status != 0 {
            // Refused before anything is recorded, naming the calendar and the year it lacks.
            #expect(declaration.status == 65, "\(declaration)")
            #expect(declaration.stderr.contains("covers") && declaration.stderr.contains(String(expected.suffix(4))), "\(declaration)")
            return
        }
        #expect(declaration.status == 0, "\(declaration)")
        var now = declared
        if !row["determined_at"].isEmpty {
            now = max(now, row["determined_at"])
            try cli.succeed("determine", "INC-1", "--at", row["determined_at"], now: now)
        }
        if !row["milestone"].isEmpty {
            now = max(now, row["milestone_at"])
            try cli.succeed("mark", "INC-1", row["milestone"], "--at", row["milestone_at"], now: now)
        }
        if !row["filed_obligation"].isEmpty {
            now = max(now, row["filed_at"])
            try cli.succeed("file", "INC-1", row["filed_obligation"], "--reference", "REF-\(row["case_id"])", "--at", row["filed_at"], now: now)
        }
        let shown = try cli.succeed("show", "INC-1", "--json", now: now).object()
        let obligations = try #require(shown["obligations"] as? [[String: Any]])
        let obligation = try #require(obligations.first { $0["id"] as? String == row["obligation"] }, "no obligation \(row["obligation"])")
        if expected.hasPrefix("error:") {
            #expect(obligation["due_at"] is NSNull, "\(obligation)")
            let problem = obligation["due_problem"] as? String ?? ""
            #expect(problem.contains("covers") && problem.contains(String(expected.suffix(4))), "\(obligation)")
        } else {
            #expect(obligation["due_at"] as? String == expected, "case \(row["case_id"]) (\(row["rule"]); \(row["note"]))")
        }
    }
}

/// Just enough RFC 4180 to read the golden table: quoted cells with commas and doubled quotes.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character?
        while let char = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if char == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { cell.append(char) }
            } else if char == "\"" {
                quoted = true
            } else if char == "," {
                row.append(cell); cell = ""
            } else if char == "\n" {
                row.append(cell); cell = ""
                rows.append(row); row = []
            } else {
                cell.append(char)
            }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }
}

import Foundation
import Testing

/// Conditional obligations through the binary, on both backends: `playbook validate` refusing what cannot
/// work, obligations appearing (possibly late) and being withdrawn as facts change, and what show,
/// timeline and reports say about them; and docs/regimes.md generated from the playbooks.
@Suite("Regimes: conditional obligations and the regime table, through the binary")
struct ConditionalObligationCLITests {
    static let root: URL = GoldenDeadlineTests.root

    /// A regime playbook with one obligation; `extra` is spliced into the obligation, `facts` into the top.
    static func playbook(facts: String = "", obligationExtra: String, source: Bool = true) -> String {
        """
        id: conditional
        title: Conditional
        regime: "Test regime"
        description: A regime for the tests.
        facts:
          - key: residents.CA
            type: number
            title: Residents of California
          - key: ransom_paid
            type: boolean
            title: A ransom was paid
        \(facts)
        obligations:
          - id: authority
            title: Tell the authority
        \(source ? "    source: \"Test Act s 1\"\n" : "")    audience:
              roles: [authority]
              tags: [test]
              scope: registry
            channels: [email]
            anchor: aware
            duration: 30d
        \(obligationExtra)
            template:
              subject: "Incident {{incident_id}}"
              body: Hello
        """
    }

    /// `playbook validate` on a file: exit 65, exactly one `file:line:col: ` line naming the problem, nothing else.
    func expectInvalid(_ yaml: String, line: Int, mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let cli = try BreachCLI()
        let path = cli.directory.path("conditional.yml")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try cli.run("playbook", "validate", path)
        #expect(result.status == 65, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("\(path):\(line):"), "\(result)", sourceLocation: sourceLocation)
        for fragment in fragments { #expect(result.stderr.contains(fragment), "\(result)", sourceLocation: sourceLocation) }
        // Nothing written: validate never creates a database.
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath), sourceLocation: sourceLocation)
    }

    @Test func validateAcceptsAWellFormedCondition() throws {
        let cli = try BreachCLI()
        let path = cli.directory.path("conditional.yml")
        try Self.playbook(obligationExtra: "    applies_when: residents.CA > 500 or ransom_paid").write(toFile: path, atomically: true, encoding: .utf8)
        let result = try cli.run("playbook", "validate", path)
        #expect(result.status == 0, "\(result)")
    }

    @Test func validateRefusesAnObligationWithoutSource() throws {
        try expectInvalid(Self.playbook(obligationExtra: "", source: false), line: 14,
                          mentioning: ["obligation 'authority' has no source:", "regime playbook cites"])
    }

    @Test func validateRefusesAConditionOverAnUndeclaredFact() throws {
        try expectInvalid(Self.playbook(obligationExtra: "    applies_when: residents.TX > 500"), line: 24,
                          mentioning: ["reads fact 'residents.TX', which the playbook does not declare", "declared facts: ransom_paid, residents.CA"])
    }

    @Test func validateRefusesAConditionThatCanNeverBeTrue() throws {
        try expectInvalid(Self.playbook(obligationExtra: "    applies_when: residents.CA == \"many\""), line: 24,
                          mentioning: ["can never be true", "'residents.CA' is a number fact and \"many\" is a text"])
        try expectInvalid(Self.playbook(obligationExtra: "    applies_when: residents.CA"), line: 24,
                          mentioning: ["on its own it is never true"])
    }

    @Test func validateRefusesAConditionThatDoesNotParse() throws {
        try expectInvalid(Self.playbook(obligationExtra: "    applies_when: residents.CA >"), line: 24, mentioning: ["needs a value after it"])
    }

    @Test func validateRefusesAnUnknownFactType() throws {
        try expectInvalid(Self.playbook(facts: "  - key: sector\n    type: colour\n    title: Sector", obligationExtra: ""), line: 13,
                          mentioning: ["fact type 'colour' is not known; write text, number or boolean"])
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func aThresholdCrossedLaterCreatesALateObligationAndACorrectionWithdrawsIt(_ backend: BreachCLI.Backend) throws {
        let cli = try BreachCLI(backend: backend)
        try cli.succeed("contact", "add", "ca-ag", "--name", "California AG", "--role", "authority", "--tag", "state-ca", "--email", "ag@example.org")
        try cli.succeed("detect", "Customer records exposed", "--kind", "data-breach", "--severity", "high", now: "2026-01-05T09:30:00Z")
        try cli.succeed("declare", "INC-1", "--aware-at", "2026-01-05T09:00:00Z", "--regime", "us-state-breach", now: "2026-01-05T10:00:00Z")
        var shown = try cli.succeed("show", "INC-1", "--json", now: "2026-01-05T10:00:00Z").object()
        var ids = try #require(shown["obligations"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(!ids.contains("us-state-breach/ca-regulator"))
        #expect(try #require(shown["not_applicable"] as? [[String: Any]]).contains { $0["id"] as? String == "us-state-breach/ca-regulator" })

        // A value of the wrong type is refused, nothing written.
        try cli.expectRefusal(64, ["facts", "INC-1", "--set", "residents.CA=lots"], now: "2026-01-06T09:00:00Z",
                              mentioning: "fact residents.CA is a number: 'lots' is not a whole number")

        try cli.succeed("facts", "INC-1", "--set", "residents.CA=300", now: "2026-01-06T09:00:00Z")
        // 46 days after awareness the count crosses 500: the AG notice appears, already 16 days late, and says so.
        let crossed = try cli.succeed("facts", "INC-1", "--set", "residents.CA=800", now: "2026-02-20T09:00:00Z")
        #expect(crossed.stdout.contains("now applies: us-state-breach/ca-regulator, due 2026-02-04T09:00:00Z, already past due: late"), "\(crossed)")
        #expect(crossed.stdout.contains("residents.CA set to 800 (was 300): residents.CA > 500 holds"), "\(crossed)")
        shown = try cli.succeed("show", "INC-1", "--json", now: "2026-02-20T09:00:00Z").object()
        var list = try #require(shown["obligations"] as? [[String: Any]])
        var regulator = try #require(list.first { $0["id"] as? String == "us-state-breach/ca-regulator" })
        #expect(regulator["due_at"] as? String == "2026-02-04T09:00:00Z")
        #expect(regulator["status"] as? String == "missed")
        #expect(regulator["late_on_arrival"] as? Bool == true)
        #expect(regulator["applies_since"] as? String == "2026-02-20T09:00:00Z")
        let text = try cli.succeed("show", "INC-1", now: "2026-02-20T09:00:00Z").stdout
        #expect(text.contains("already past due when it began to apply"), "\(text)")

        // `check` records the missed deadline like any other.
        let check = try cli.run("check", "--json", now: "2026-02-20T10:00:00Z")
        #expect(check.stdout.contains("us-state-breach/ca-regulator"), "\(check)")

        // A corrected count withdraws it: kept, with the fact change as reason, shown everywhere.
        let corrected = try cli.succeed("facts", "INC-1", "--set", "residents.CA=400", now: "2026-02-21T09:00:00Z")
        #expect(corrected.stdout.contains("withdrawn: us-state-breach/ca-regulator (residents.CA set to 400 (was 800): residents.CA > 500 no longer holds)"),
                "\(corrected)")
        shown = try cli.succeed("show", "INC-1", "--json", now: "2026-02-21T09:00:00Z").object()
        list = try #require(shown["obligations"] as? [[String: Any]])
        regulator = try #require(list.first { $0["id"] as? String == "us-state-breach/ca-regulator" })
        #expect(regulator["status"] as? String == "withdrawn")
        #expect(regulator["withdrawal_reason"] as? String == "residents.CA set to 400 (was 800): residents.CA > 500 no longer holds")
        let timeline = try cli.succeed("timeline", "INC-1", now: "2026-02-21T09:00:00Z").stdout
        #expect(timeline.contains("now applies: us-state-breach/ca-regulator"), "\(timeline)")
        #expect(timeline.contains("WITHDRAWN us-state-breach/ca-regulator: residents.CA set to 400"), "\(timeline)")
        let export = try cli.succeed("export", "INC-1", now: "2026-02-21T09:00:00Z").stdout
        #expect(export.contains("- Withdrawn at 2026-02-21T09:00:00Z: residents"), "\(export)")
        #expect(export.contains("- Source: Cal"), "\(export)")
        // Withdrawn is not owed: waiving, filing or notifying it is refused with the reason.
        try cli.expectRefusal(67, ["waive", "INC-1", "us-state-breach/ca-regulator", "--reason", "r"], now: "2026-02-21T10:00:00Z",
                              mentioning: "is withdrawn (residents.CA set to 400")
        try cli.expectRefusal(67, ["notify", "INC-1", "--obligation", "us-state-breach/ca-regulator"], now: "2026-02-21T10:00:00Z",
                              mentioning: "withdrawn")
        ids = try #require(shown["obligations"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids.contains("us-state-breach/ca-residents"))
    }

    /// A kind playbook with one plain and one conditional obligation, in its own playbooks folder.
    static let withdrawablePlaybook = """
        id: withdrawable
        title: Withdrawable
        description: A kind whose authority notice applies only above a threshold.
        facts:
          - key: residents.CA
            type: number
            title: Residents of California
        obligations:
          - id: regulator
            title: Tell the regulator
            source: "Test Act s 1"
            audience:
              roles: [regulator]
              scope: registry
            channels: [email]
            anchor: aware
            duration: 72h
            template:
              subject: "Incident {{incident_id}}"
              body: Hello
          - id: attorney-general
            title: Tell the attorney general
            source: "Test Act s 2"
            applies_when: residents.CA > 500
            audience:
              roles: [authority]
              scope: registry
            channels: [email]
            anchor: aware
            duration: 30d
            template:
              subject: "Incident {{incident_id}}"
              body: Hello
        """

    /// A withdrawn obligation is reported as withdrawn, never as waived: `list --json` says so, and the SLA
    /// report leaves it out (counted as a waiver made after its due time it would turn the verdict to
    /// `missed`, counted as a waiver at all it would make an all-waived incident look like one).
    @Test(arguments: BreachCLI.Backend.allCases)
    func aWithdrawnObligationIsNeitherWaivedNorMissedInListAndReports(_ backend: BreachCLI.Backend) throws {
        let cli = try BreachCLI(backend: backend)
        let folder = cli.directory.path("playbooks")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.withdrawablePlaybook.write(toFile: folder + "/withdrawable.yml", atomically: true, encoding: .utf8)
        let configPath = cli.directory.path("breach.yml")
        let config = (try? String(contentsOfFile: configPath, encoding: .utf8)) ?? ""
        try (config + "playbooks: \(folder)\n").write(toFile: configPath, atomically: true, encoding: .utf8)

        try cli.succeed("detect", "Records exposed", "--kind", "withdrawable", "--severity", "high", now: "2026-03-02T09:00:00Z")
        try cli.succeed("declare", "INC-1", "--aware-at", "2026-03-02T09:00:00Z", now: "2026-03-02T09:30:00Z")
        try cli.succeed("facts", "INC-1", "--set", "residents.CA=800", now: "2026-03-02T10:00:00Z")
        try cli.succeed("waive", "INC-1", "regulator", "--reason", "the regulator was told by phone", now: "2026-03-02T11:00:00Z")
        // Forty days on (ten past the attorney general's due time) the count is corrected below the threshold.
        let corrected = try cli.succeed("facts", "INC-1", "--set", "residents.CA=300", now: "2026-04-11T09:00:00Z")
        #expect(corrected.stdout.contains("withdrawn: attorney-general"), "\(corrected)")

        let listed = try cli.succeed("list", "--json", now: "2026-04-11T10:00:00Z").stdout
        let incidents = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]], "\(listed)")
        let obligations = try #require(incidents.first?["obligations"] as? [[String: Any]], "\(listed)")
        let statuses = Dictionary(uniqueKeysWithValues: obligations.compactMap { item in
            (item["id"] as? String).map { ($0, item["status"] as? String ?? "") }
        })
        #expect(statuses == ["regulator": "waived", "attorney-general": "withdrawn"], "\(listed)")

        let sla = try cli.succeed("report", "sla", now: "2026-04-11T10:00:00Z").stdout
        let lines = sla.split(separator: "\r\n").map(String.init)
        let header = try #require(lines.first).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = try #require(lines.dropFirst().first(where: { $0.hasPrefix("INC-1,") }), "\(sla)")
            .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let verdict = try #require(header.firstIndex(of: "notification_sla"))
        let deadline = try #require(header.firstIndex(of: "notification_deadline"))
        #expect(row[verdict] == "waived", "\(sla)")
        // The deadline is the regulator's (72 h), not the withdrawn notice's.
        #expect(row[deadline] == "2026-03-05T09:00:00Z", "\(sla)")

        let show = try cli.succeed("show", "INC-1", now: "2026-04-11T10:00:00Z").stdout
        let line = show.split(separator: "\n").first { $0.contains("attorney-general  due 2026-04-01T09:00:00Z") }
        #expect(line?.hasSuffix("withdrawn") == true, "\(show)")
        #expect(show.contains("withdrawn: residents.CA set to 300 (was 800): residents.CA > 500 no longer holds"), "\(show)")
        try cli.succeed("verify", now: "2026-04-11T10:00:00Z")
    }

    @Test func docsRegimesIsTheCommandsOutput() throws {
        let cli = try BreachCLI()
        let generated = try cli.succeed("playbook", "list", "--regimes", "--format", "md").stdout
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/regimes.md"), encoding: .utf8)
        #expect(generated == committed, "docs/regimes.md is stale: run `breach playbook list --regimes --format md > docs/regimes.md`")
        for regime in ["dora-major-ict", "us-state-breach", "hipaa-breach-notification", "br-lgpd", "jp-appi"] {
            #expect(generated.contains("## \(regime)"))
        }
        #expect(generated.contains("`residents.CA > 500`"))
        #expect(generated.contains("45 CFR 164.408(c)"))
    }

    @Test func formatMdNeedsRegimes() throws {
        let cli = try BreachCLI()
        let result = try cli.run("playbook", "list", "--format", "md")
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("--format md lists the regimes; add --regimes"), "\(result)")
    }
}

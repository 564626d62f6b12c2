import Foundation
import Testing

/// End to end with the shipped playbooks: declaring creates each regime's obligations with hand-computed
/// due times, late anchors are scheduled when recorded, and close waits for every obligation.
@Suite struct PlaybookDeclarationTests {
    /// Declared Thursday 2026-11-26 10:00 (US Thanksgiving), aware at 08:00. `nil`: anchor not recorded yet.
    static let expectedDueTimes: [(playbook: String, obligations: [String: String?])] = [
        ("availability-outage", [:]),
        ("credential-exposure", ["customer-admins": "2026-11-27T10:00:00Z", "account-holders": "2026-11-29T10:00:00Z"]),
        ("data-breach", ["customer-admins": "2026-11-29T10:00:00Z", "data-protection-authorities": "2026-11-29T10:00:00Z",
                         "data-subjects": "2026-11-29T10:00:00Z"]),
        ("gdpr-personal-data", ["supervisory-authority": "2026-11-29T08:00:00Z", "data-subjects": "2026-11-29T08:00:00Z",
                                "controllers": "2026-11-28T08:00:00Z"]),
        ("hipaa-phi", ["affected-individuals": "2027-01-25T08:00:00Z", "hhs-secretary": "2027-01-25T08:00:00Z"]),
        ("nis2-significant-incident", ["early-warning": "2026-11-27T08:00:00Z", "incident-notification": "2026-11-29T08:00:00Z",
                                       "final-report": nil]),
        ("ransomware", ["cyber-insurer": "2026-11-27T08:00:00Z", "law-enforcement": "2026-11-29T08:00:00Z",
                        "customer-admins": "2026-11-29T10:00:00Z"]),
        ("sec-material-cyber", ["form-8k": nil]),
    ]

    @Test(arguments: expectedDueTimes.indices)
    func declaringCreatesTheRegimesObligations(index: Int) throws {
        let (playbook, expected) = Self.expectedDueTimes[index]
        let cli = try BreachCLI()
        try cli.succeed("detect", "Incident under \(playbook)", "--kind", playbook, "--severity", "high", now: "2026-11-26T09:00:00Z")
        let declared = try cli.succeed("declare", "INC-1", "--aware-at", "2026-11-26T08:00:00Z", "--json", now: "2026-11-26T10:00:00Z").object()
        let obligations = try #require(declared["obligations"] as? [[String: Any]])
        var actual: [String: String?] = [:]
        for obligation in obligations {
            actual[try #require(obligation["id"] as? String)] = obligation["due_at"] as? String
            #expect(obligation["status"] as? String == "pending")
            #expect(obligation["met_at"] is NSNull)
        }
        #expect(actual == expected)
    }

    @Test func aMaterialityDeterminationSchedulesTheForm8KFourBusinessDaysLaterSkippingTheHoliday() throws {
        let cli = try BreachCLI()
        try cli.succeed("detect", "Ransomware on ERP", "--kind", "sec-material-cyber", "--severity", "critical", now: "2026-11-26T09:00:00Z")
        try cli.succeed("declare", "INC-1", now: "2026-11-26T10:00:00Z")
        let determined = try cli.succeed("determine", "INC-1", "--at", "2026-11-26T12:00:00Z", "--json", now: "2026-11-26T13:00:00Z").object()
        let form = try #require((determined["obligations"] as? [[String: Any]])?.first)
        // Thu 26 Nov is Thanksgiving: Fri 27, Mon 30, Tue 1, Wed 2 Dec, by the end of that day in New York (EST).
        #expect(form["due_at"] as? String == "2026-12-03T04:59:59Z")
    }

    @Test func closeWaitsUntilEveryObligationIsMetOrWaived() throws {
        let cli = try BreachCLI()
        try cli.detect()
        try cli.succeed("declare", "INC-1", now: "2026-11-28T10:00:00Z")
        let refused = try cli.run("close", "INC-1", "--resolution", "contained", now: "2026-11-28T12:00:00Z")
        #expect(refused.status == 67)
        #expect(refused.stderrLines.count == 1)
        #expect(refused.stderr.contains("customer-admins (pending), data-protection-authorities (pending), data-subjects (pending)"))
        for obligation in ["customer-admins", "data-protection-authorities", "data-subjects"] {
            try cli.succeed("waive", "INC-1", obligation, "--reason", "legal: no personal data after all", now: "2026-11-28T11:00:00Z")
        }
        let closed = try cli.succeed("close", "INC-1", "--resolution", "contained", "--json", now: "2026-11-28T12:00:00Z").object()
        #expect(closed["stage"] as? String == "closed")
        let obligations = try #require(closed["obligations"] as? [[String: Any]])
        #expect(obligations.allSatisfy { $0["status"] as? String == "waived" && $0["waived_by"] as? String == "tester" })
    }

    @Test func validateAcceptsTheShippedFolderAndNamesTheLineOfABrokenFile() throws {
        let cli = try BreachCLI()
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let valid = try cli.run("playbook", "validate", root.appendingPathComponent("Playbooks").path)
        #expect(valid.status == 0, "\(valid)")
        let broken = root.appendingPathComponent("Fixtures/playbooks-broken/negative-duration.yml").path
        let invalid = try cli.run("playbook", "validate", broken)
        #expect(invalid.status == 65)
        #expect(invalid.stderr.hasPrefix(broken + ":"))
        #expect(invalid.stdout.isEmpty)
    }

    /// Yams prints a line to standard output when `YAMS_DEFAULT_ENCODING` is set and the encoding is left to
    /// it: breach names UTF-8, so JSON read by a script stays JSON whatever the operator's environment.
    @Test func anEnvironmentYamsReadsDoesNotWriteIntoTheJSONOutput() throws {
        let cli = try BreachCLI()
        try cli.succeed("detect", "Phishing", "--kind", "data-breach", "--severity", "high", now: "2026-11-26T09:00:00Z")
        let declared = try cli.run("declare", "INC-1", "--json", now: "2026-11-26T10:00:00Z",
                                   environment: ["YAMS_DEFAULT_ENCODING": "UTF16"])
        #expect(declared.status == 0, "\(declared)")
        #expect(try declared.object()["id"] as? String == "INC-1", "\(declared)")
        #expect(!declared.stdout.contains("YAMS_DEFAULT_ENCODING"))
    }
}

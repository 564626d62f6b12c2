import Foundation
import Testing

/// End to end, one incident under data-breach (its kind) + GDPR + NIS2 + SEC: namespaced obligations,
/// the notify guard, facts required then set, a filing with evidence, a supplement, and `close`
/// refused until every regime's obligations are met or waived.
@Suite("Regimes: one incident, four regimes, end to end")
struct SeveralRegimesEndToEndTests {
    static let aware = "2026-03-02T08:00:00Z"
    static let declared = "2026-03-02T10:00:00Z"

    func given(backend: BreachCLI.Backend = .sqlite) throws -> BreachCLI {
        let cli = try BreachCLI(backend: backend)
        for (id, role, tag) in [("dpa", "authority", "gdpr"), ("csirt", "authority", "nis2"), ("counsel", "authority", "sec")] {
            try cli.succeed("contact", "add", id, "--name", id.uppercased(), "--role", role, "--tag", tag, "--email", "\(id)@example.org")
        }
        try cli.succeed("detect", "EU customer data at a listed US company", "--kind", "data-breach", "--severity", "critical", now: "2026-03-02T09:00:00Z")
        return cli
    }

    func obligations(_ cli: BreachCLI, now: String) throws -> [String: [String: Any]] {
        let shown = try cli.succeed("show", "INC-1", "--json", now: now).object()
        let list = try #require(shown["obligations"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as? String ?? "", $0) })
    }

    @Test func fourRegimesFromDeclarationToClose() throws {
        let cli = try given()
        let declaration = try cli.succeed("declare", "INC-1", "--aware-at", Self.aware, "--regime", "gdpr-personal-data",
                                          "--regime", "nis2-significant-incident", "--regime", "sec-material-cyber", "--json", now: Self.declared).object()
        let ids = Set(try #require(declaration["obligations"] as? [[String: Any]]).compactMap { $0["id"] as? String })
        #expect(ids == ["customer-admins", "data-protection-authorities", "data-subjects",
                        "gdpr-personal-data/supervisory-authority", "gdpr-personal-data/data-subjects", "gdpr-personal-data/controllers",
                        "nis2-significant-incident/early-warning", "nis2-significant-incident/incident-notification",
                        "nis2-significant-incident/final-report", "sec-material-cyber/form-8k"])
        var byID = try obligations(cli, now: Self.declared)
        // The seed's clock runs from declaration, GDPR's and NIS2's from awareness.
        #expect(byID["data-protection-authorities"]?["due_at"] as? String == "2026-03-05T10:00:00Z")
        #expect(byID["gdpr-personal-data/supervisory-authority"]?["due_at"] as? String == "2026-03-05T08:00:00Z")
        #expect(byID["gdpr-personal-data/supervisory-authority"]?["regime"] as? String == "gdpr-personal-data")
        #expect(byID["customer-admins"]?["regime"] is NSNull)
        #expect(byID["nis2-significant-incident/early-warning"]?["due_at"] as? String == "2026-03-03T08:00:00Z")
        #expect(byID["sec-material-cyber/form-8k"]?["due_at"] is NSNull)
        try cli.expectRefusal(67, ["apply", "INC-1", "gdpr-personal-data", "--reason", "again"], now: Self.declared, mentioning: "already applied")

        // The notify guard: the 8-K before the determination, the final report before the notification.
        try cli.expectRefusal(67, ["notify", "INC-1", "--obligation", "sec-material-cyber/form-8k"], now: Self.declared,
                              mentioning: "its anchor (determined) is not recorded yet; to send it anyway add --early --reason R")
        try cli.expectRefusal(67, ["notify", "INC-1", "--obligation", "nis2-significant-incident/final-report"], now: Self.declared,
                              mentioning: "prerequisite nis2-significant-incident/incident-notification is not met yet")
        // GDPR Art. 33(3): the authority's notice waits for the facts it must carry.
        try cli.expectRefusal(67, ["notify", "INC-1", "--obligation", "gdpr-personal-data/supervisory-authority"], now: Self.declared,
                              mentioning: "needs facts not set yet: nature_of_breach, dpo_contact")
        try cli.expectRefusal(66, ["facts", "INC-1", "--set", "colour=blue"], now: Self.declared, mentioning: "fact 'colour' is not declared")
        try cli.succeed("facts", "INC-1", "--set", "nature_of_breach=exfiltration of the CRM database", "--set", "dpo_contact=dpo@example.org",
                        now: "2026-03-02T11:00:00Z")
        let facts = try cli.succeed("facts", "INC-1", "--json", now: "2026-03-02T11:00:00Z").object()
        #expect(facts["dpo_contact"] as? String == "dpo@example.org")

        // Plain notify sends what is ready and holds the rest back, saying why.
        let plain = try cli.run("notify", "INC-1", now: "2026-03-02T11:00:00Z")
        #expect(plain.status == 0, "\(plain)")
        #expect(plain.stderr.contains("held back sec-material-cyber/form-8k"), "\(plain)")
        #expect(plain.stderr.contains("held back nis2-significant-incident/final-report"), "\(plain)")
        let timeline = try cli.succeed("show", "INC-1", "--json", now: "2026-03-02T11:00:00Z").object()
        let queued = try #require(timeline["notifications"] as? [[String: Any]]).compactMap { $0["obligation_id"] as? String }
        #expect(queued.contains("gdpr-personal-data/supervisory-authority"))
        #expect(!queued.contains("sec-material-cyber/form-8k") && !queued.contains("nis2-significant-incident/final-report"))

        // A filing made on the CSIRT's portal, with its receipt: only the digest is kept.
        let receipt = cli.directory.path("csirt-receipt.pdf")
        try Data("CSIRT receipt 4711".utf8).write(to: URL(fileURLWithPath: receipt))
        let filed = try cli.succeed("file", "INC-1", "nis2-significant-incident/incident-notification", "--reference", "CSIRT-4711",
                                    "--at", "2026-03-03T14:00:00Z", "--evidence", receipt, now: "2026-03-03T15:00:00Z")
        // The digest as sha256sum computes it.
        let digest = try Self.sha256(of: receipt)
        #expect(digest.count == 64)
        #expect(filed.stdout.contains("evidence sha256 \(digest)"), "\(filed)")
        byID = try obligations(cli, now: "2026-03-03T15:00:00Z")
        #expect(byID["nis2-significant-incident/incident-notification"]?["met_at"] as? String == "2026-03-03T14:00:00Z")
        // fulfilled: counts the filing: one month after it was made.
        #expect(byID["nis2-significant-incident/final-report"]?["due_at"] as? String == "2026-04-03T14:00:00Z")
        let filings = try #require(byID["nis2-significant-incident/incident-notification"]?["filings"] as? [[String: Any]])
        #expect(filings.first?["channel"] as? String == "manual")
        #expect(filings.first?["reference"] as? String == "CSIRT-4711")
        try cli.expectRefusal(67, ["file", "INC-1", "nis2-significant-incident/incident-notification", "--reference", "again"],
                              now: "2026-03-03T15:00:00Z", mentioning: "already met")

        // The GDPR notice was filed on the authority's portal; phased information follows as a supplement.
        try cli.succeed("file", "INC-1", "gdpr-personal-data/supervisory-authority", "--reference", "CNIL-42", "--at", "2026-03-03T09:00:00Z",
                        now: "2026-03-03T15:00:00Z")
        let supplement = try cli.run("notify", "INC-1", "--obligation", "gdpr-personal-data/supervisory-authority",
                                     "--supplement", "root cause found: a leaked API key", now: "2026-03-04T10:00:00Z")
        #expect(supplement.status == 0, "\(supplement)")
        byID = try obligations(cli, now: "2026-03-04T10:00:00Z")
        let gdpr = try #require(byID["gdpr-personal-data/supervisory-authority"])
        #expect((gdpr["supplements"] as? [[String: Any]])?.count == 1)
        #expect(gdpr["met_at"] as? String == "2026-03-03T09:00:00Z", "a supplement never moves met_at")
        let afterSupplement = try cli.succeed("show", "INC-1", "--json", now: "2026-03-04T10:00:00Z").object()
        #expect(try #require(afterSupplement["notifications"] as? [[String: Any]]).contains { ($0["id"] as? String)?.hasSuffix(".s1") == true })

        // Close is refused while any regime's obligation is outstanding, naming them.
        let refused = try cli.expectRefusal(67, ["close", "INC-1", "--resolution", "contained"], now: "2026-03-04T10:00:00Z")
        #expect(refused.stderr.contains("sec-material-cyber/form-8k") && refused.stderr.contains("customer-admins"))

        // The materiality determination on a Monday evening in New York: the 8-K is due Friday.
        try cli.succeed("determine", "INC-1", "--at", "2026-03-10T00:30:00Z", now: "2026-03-10T01:00:00Z")
        byID = try obligations(cli, now: "2026-03-10T01:00:00Z")
        #expect(byID["sec-material-cyber/form-8k"]?["due_at"] as? String == "2026-03-14T03:59:59Z")
        try cli.succeed("file", "INC-1", "sec-material-cyber/form-8k", "--reference", "EDGAR 0001234567-26-000042", now: "2026-03-12T15:00:00Z")
        try cli.succeed("file", "INC-1", "nis2-significant-incident/final-report", "--reference", "CSIRT-4711-F", now: "2026-03-20T15:00:00Z")
        for id in byID.keys.sorted() where (byID[id]?["status"] as? String) != "met" && !["sec-material-cyber/form-8k",
            "nis2-significant-incident/final-report", "gdpr-personal-data/supervisory-authority", "nis2-significant-incident/incident-notification"].contains(id) {
            try cli.succeed("waive", "INC-1", id, "--reason", "legal: handled by the filings above", now: "2026-03-20T16:00:00Z")
        }
        let closed = try cli.succeed("close", "INC-1", "--resolution", "contained", "--json", now: "2026-03-21T10:00:00Z").object()
        #expect(closed["stage"] as? String == "closed")
        #expect((closed["regimes"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["gdpr-personal-data", "nis2-significant-incident", "sec-material-cyber"])
        let verify = try cli.succeed("verify", "--json", now: "2026-03-21T10:00:00Z").object()
        #expect(verify["ok"] as? Bool == true)
    }

    /// The SLA report's trailing columns and the notifications report's filing rows say the same on both
    /// backends: regimes in the order applied, filings with their references, supplements.
    @Test(arguments: BreachCLI.Backend.allCases)
    func theReportsShowRegimesFilingsAndSupplements(backend: BreachCLI.Backend) throws {
        let cli = try given(backend: backend)
        let later = "2026-03-05T00:00:00Z"
        try cli.succeed("declare", "INC-1", "--aware-at", Self.aware, "--regime", "gdpr-personal-data",
                        "--regime", "nis2-significant-incident", now: Self.declared)
        // Nothing filed yet: the regimes are there, the counts are zero.
        // CSV lines end in CRLF, one Character in Swift.
        let before = try cli.succeed("report", "sla", now: later).stdout.split(whereSeparator: \.isNewline)
        #expect(before.last?.hasSuffix(",0,gdpr-personal-data nis2-significant-incident,0,,0") == true, "\(before)")

        try cli.succeed("file", "INC-1", "nis2-significant-incident/incident-notification", "--reference", "CSIRT-4711",
                        "--at", "2026-03-03T14:00:00Z", now: "2026-03-03T15:00:00Z")
        try cli.succeed("file", "INC-1", "gdpr-personal-data/supervisory-authority", "--reference", "CNIL-42",
                        "--at", "2026-03-03T09:00:00Z", now: "2026-03-03T15:00:00Z")
        try cli.succeed("facts", "INC-1", "--set", "nature_of_breach=leaked export", "--set", "dpo_contact=dpo@example.org",
                        now: "2026-03-04T09:00:00Z")
        // No SMTP transport here: the supplement is recorded and its email stays queued (a warning says so).
        let supplement = try cli.run("notify", "INC-1", "--obligation", "gdpr-personal-data/supervisory-authority",
                                     "--supplement", "root cause found", now: "2026-03-04T10:00:00Z")
        #expect(supplement.status == 0, "\(supplement)")

        let sla = try cli.succeed("report", "sla", now: later).stdout.split(whereSeparator: \.isNewline)
        #expect(sla.first?.hasSuffix(",backdated_receipts,regimes,filings_manual,filing_references,supplements") == true)
        #expect(sla.last?.hasSuffix(",0,gdpr-personal-data nis2-significant-incident,2,CSIRT-4711; CNIL-42,1") == true, "\(sla)")
        let filings = try cli.succeed("report", "notifications", now: later).stdout.split(whereSeparator: \.isNewline).filter { $0.contains(",manual,") }
        #expect(filings.count == 2, "\(filings)")
        #expect(filings.first?.hasPrefix("INC-1,nis2-significant-incident/incident-notification,,,manual,,2026-03-03T14:00:00Z,filed,CSIRT-4711,") == true,
                "\(filings)")
        #expect(filings.last?.hasPrefix("INC-1,gdpr-personal-data/supervisory-authority,,,manual,,2026-03-03T09:00:00Z,filed,CNIL-42,") == true,
                "\(filings)")
    }

    @Test func earlyNoticeNeedsAReasonAndIsNoted() throws {
        let cli = try given()
        try cli.succeed("declare", "INC-1", "--regime", "sec-material-cyber", now: Self.declared)
        try cli.expectRefusal(64, ["notify", "INC-1", "--obligation", "sec-material-cyber/form-8k", "--early"], now: Self.declared,
                              mentioning: "--early needs --reason")
        let early = try cli.run("notify", "INC-1", "--obligation", "sec-material-cyber/form-8k", "--early", "--reason", "board asked for a draft",
                                now: Self.declared)
        #expect(early.status == 0, "\(early)")
        let shown = try cli.succeed("show", "INC-1", "--json", now: Self.declared).object()
        let notes = try #require(shown["notes"] as? [[String: Any]]).compactMap { $0["text"] as? String }
        #expect(notes.contains { $0.contains("early notice of sec-material-cyber/form-8k") && $0.contains("board asked for a draft") })
    }

    @Test func anEvidenceFileOver100MBIsRefusedAndNothingIsWritten() throws {
        let cli = try given()
        try cli.succeed("declare", "INC-1", now: Self.declared)
        let big = cli.directory.path("huge.bin")
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 100 * 1024 * 1024 + 1)
        try handle.close()
        try cli.expectRefusal(64, ["file", "INC-1", "customer-admins", "--reference", "R", "--evidence", big], now: Self.declared,
                              mentioning: "over the 100 MB limit")
    }

    @Test func markingAMilestoneStartsItsClockAndOnlyOnce() throws {
        let cli = try given()
        try cli.succeed("declare", "INC-1", "--regime", "ransomware", now: Self.declared)
        try cli.succeed("mark", "INC-1", "ransom-paid", "--at", "2026-03-02T09:30:00Z", now: Self.declared)
        try cli.expectRefusal(67, ["mark", "INC-1", "ransom-paid"], now: Self.declared, mentioning: "already marked")
        try cli.expectRefusal(66, ["mark", "INC-1", "classified-major"], now: Self.declared, mentioning: "milestones: ransom-paid")
    }

    static func sha256(of path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}

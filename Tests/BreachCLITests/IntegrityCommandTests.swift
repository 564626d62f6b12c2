import Foundation
import Testing

@Suite("breach: verify and rebuild")
struct IntegrityCommandTests {
    let cli: BreachCLI

    init() throws {
        cli = try BreachCLI()
        try cli.detect("Leaked S3 bucket")
        try cli.succeed("note", "INC-1", "keys rotated", now: "2026-11-28T09:30:00Z")
        try cli.detect("Phishing wave")
    }

    private static let dropTriggers = "DROP TRIGGER events_are_append_only_update; DROP TRIGGER events_are_append_only_delete;"

    @Test func anIntactDatabaseVerifies() throws {
        #expect(try cli.succeed("verify").stdout.hasPrefix("ok: 3 events, chain intact, read models match (head #3 "))
        let report = try cli.succeed("verify", "--json").object()
        #expect(report["ok"] as? Bool == true)
        #expect(report["events"] as? Int == 3)
        #expect(report["head_sequence"] as? Int == 3)
        #expect((report["head_hash"] as? String)?.count == 64)
        #expect(report["first_bad_sequence"] is NSNull)
        #expect(report["chain_problem"] is NSNull)
        #expect(report["projection_problem"] is NSNull)
    }

    @Test func aTamperedEventFailsVerificationWithExit4() throws {
        // Given the note's payload edited with the sqlite3 shell
        try cli.sqlite(Self.dropTriggers + "UPDATE events SET payload = replace(payload, 'rotated', 'never rotated') WHERE sequence = 2;")
        // When verified, it exits 4 naming the first bad event
        let output = try cli.run("verify")
        #expect(output.status == 4)
        #expect(output.stdout.isEmpty)
        #expect(output.stderrLines.count == 1)
        #expect(output.stderr.hasPrefix("breach: chain broken at #2: "))
        let json = try cli.run("verify", "--json")
        #expect(json.status == 4)
        let report = try json.object()
        #expect(report["ok"] as? Bool == false)
        #expect(report["first_bad_sequence"] as? Int == 2)
    }

    @Test func aDeletedEventFailsVerification() throws {
        try cli.sqlite(Self.dropTriggers + "DELETE FROM events WHERE sequence = 2;")
        let output = try cli.run("verify")
        #expect(output.status == 4)
        #expect(output.stderr.hasPrefix("breach: chain broken at #2: "))
    }

    @Test func anEditedReadModelFailsVerificationUntilRebuilt() throws {
        // Given a read model edited behind breach's back
        try cli.sqlite("UPDATE incidents SET stage = 'closed' WHERE id = 'INC-2';")
        // Then verify reports the divergence
        let output = try cli.run("verify")
        #expect(output.status == 4)
        #expect(output.stderrLines.count == 1)
        #expect(output.stderr.hasPrefix("breach: read model diverges: INC-2: "))
        // When rebuilt, the read models match the log again
        #expect(try cli.succeed("rebuild").stdout == "rebuilt read models from 3 events (2 incidents)\n")
        #expect(try cli.succeed("verify").status == 0)
        #expect(try cli.succeed("list", "--open", "--json").json() as? [[String: Any]] != nil)
    }

    @Test func rebuildReportsWhatItDid() throws {
        let before = try cli.fingerprint()
        let stats = try cli.succeed("rebuild", "--json").object()
        #expect(stats["events"] as? Int == 3)
        #expect(stats["incidents"] as? Int == 2)
        #expect(try cli.fingerprint() == before)
    }
}

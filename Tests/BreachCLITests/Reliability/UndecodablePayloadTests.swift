import Foundation
import Testing

/// A stored payload that parses as JSON but does not match its event type (edited by hand, or
/// written by a buggy tool) is a database that cannot be used: exit 73, one line naming the event's
/// sequence and type and pointing at `breach verify` — not an internal error — and nothing written.
@Suite("Reliability: an undecodable stored payload")
struct UndecodablePayloadTests {
    let cli: BreachCLI

    /// INC-1 detected (#1) and noted (#2), INC-2 detected (#3), contact `cnil` added (#4).
    init() throws {
        cli = try BreachCLI()
        try cli.detect("Leaked S3 bucket")
        try cli.succeed("note", "INC-1", "keys rotated")
        try cli.detect("Phishing wave")
        try cli.succeed("contact", "add", "cnil", "--name", "CNIL", "--role", "authority", "--email", "dpo@cnil.example")
    }

    /// Replaces the payload of event `sequence` with the sqlite3 shell (the append-only trigger dropped for it).
    func corrupt(_ sequence: Int, payload: String) throws {
        let output = try cli.sqlite("""
            DROP TRIGGER events_are_append_only_update;
            UPDATE events SET payload = '\(payload)' WHERE sequence = \(sequence);
            """)
        try #require(output.status == 0, "\(output)")
    }

    /// The bytes of the database and of its WAL (an absent WAL as an empty one: opening the file in
    /// WAL mode creates it empty, which writes nothing).
    func files() -> [Data] {
        ["", "-wal"].map { FileManager.default.contents(atPath: cli.databasePath + $0) ?? Data() }
    }

    func expectUnusable(_ arguments: String..., naming fragment: String) throws {
        let before = files()
        let output = try cli.run(arguments)
        #expect(output.status == 73, "\(arguments): \(output)")
        #expect(output.stdout.isEmpty, "\(arguments): \(output)")
        #expect(output.stderrLines.count == 1, "\(arguments): \(output)")
        #expect(output.stderr.hasPrefix("breach: \(fragment)"), "\(arguments): \(output)")
        #expect(output.stderr.hasSuffix("; run `breach verify`\n"), "\(arguments): \(output)")
        #expect(!output.stderr.contains("breach help"), "\(arguments): \(output)")
        #expect(files() == before, "\(arguments) changed the database")
    }

    @Test func anIncidentEventMissingAFieldExits73WithItsSequence() throws {
        // Given INC-2's detection payload stripped of its fields (still valid JSON)
        try corrupt(3, payload: #"{"kind":"data-breach"}"#)
        // Then reading or changing INC-2 names the event
        try expectUnusable("show", "INC-2", naming: "event #3 (type incident.detected) cannot be decoded: field '")
        try expectUnusable("note", "INC-2", "more", naming: "event #3 (type incident.detected) cannot be decoded: ")
        // And the rebuild, which decodes the whole log on its own path, stops on it too
        try expectUnusable("rebuild", naming: "event #3 (type incident.detected) cannot be decoded: ")
        // While INC-1, whose events are intact, still shows
        #expect(try cli.run("show", "INC-1").status == 0)
        // And verify names the same event as the first bad one
        let verify = try cli.run("verify")
        #expect(verify.status == 4)
        #expect(verify.stderr.hasPrefix("breach: chain broken at #3: "), "\(verify)")
    }

    @Test func aPayloadOfTheWrongShapeExits73() throws {
        try corrupt(2, payload: "[1, 2, 3]")
        try expectUnusable("show", "INC-1", naming: "event #2 (type incident.note_added) cannot be decoded: ")
    }

    @Test func anUnreadablePayloadExits73WithItsSequence() throws {
        try corrupt(2, payload: "{not json")
        try expectUnusable("show", "INC-1", naming: "event #2 (INC-1 v2) has an unreadable payload: ")
    }

    @Test func aContactEventMissingAFieldStopsTheRebuild() throws {
        try corrupt(4, payload: #"{"id":"cnil"}"#)
        try expectUnusable("rebuild", naming: "event #4 (type contact.added) cannot be decoded: ")
    }
}

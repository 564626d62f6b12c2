import Foundation
import Testing

/// Tampering through the CLI, beyond IntegrityCommandTests (edited payload, deleted row, stale read
/// model): edited times and actors, reordered rows, the newest event deleted, a damaged page, a
/// truncated or overwritten file. `verify` names the first bad sequence (exit 4); every command on a
/// file SQLite cannot read fails with one line and exit 73, and writes nothing.
@Suite("Reliability: tamper detection through the CLI")
struct TamperTests {
    let cli: BreachCLI

    /// Six events: INC-1..3 each detected (#1, #3, #5) and noted (#2, #4, #6).
    init() throws {
        cli = try BreachCLI()
        for number in 1...3 {
            try cli.detect("Incident \(number)")
            try cli.succeed("note", "INC-\(number)", "note \(number)")
        }
    }

    static let dropTriggers = "DROP TRIGGER events_are_append_only_update; DROP TRIGGER events_are_append_only_delete;"

    struct Tampering: Sendable, CustomTestStringConvertible {
        let name: String
        let sql: String
        let firstBad: Int
        var testDescription: String { name }
    }

    static let chainTamperings = [
        Tampering(name: "effective time changed", sql: "UPDATE events SET effective_at = '2026-11-28T08:00:00Z' WHERE sequence = 3;", firstBad: 3),
        Tampering(name: "recorded time changed", sql: "UPDATE events SET recorded_at = '2026-01-01T00:00:00.000Z' WHERE sequence = 4;", firstBad: 4),
        Tampering(name: "actor changed", sql: "UPDATE events SET actor = 'mallory' WHERE sequence = 5;", firstBad: 5),
        Tampering(name: "payload edited", sql: "UPDATE events SET payload = replace(payload, 'note 3', 'note X') WHERE sequence = 6;", firstBad: 6),
        Tampering(name: "two rows reordered",
                  sql: "UPDATE events SET sequence = -2 WHERE sequence = 2; UPDATE events SET sequence = 2 WHERE sequence = 3; UPDATE events SET sequence = 3 WHERE sequence = -2;",
                  firstBad: 2),
        Tampering(name: "a middle row deleted", sql: "DELETE FROM events WHERE sequence = 4;", firstBad: 4),
        Tampering(name: "hashes recomputed by hand are still caught", sql: "UPDATE events SET hash = prev_hash WHERE sequence = 2;", firstBad: 2),
    ]

    @Test(arguments: chainTamperings)
    func verifyNamesTheFirstBadSequence(_ tampering: Tampering) throws {
        try cli.sqlite(Self.dropTriggers + tampering.sql)
        let human = try cli.run("verify")
        #expect(human.status == 4)
        #expect(human.stderrLines == [human.stderr.trimmingCharacters(in: .newlines)])
        #expect(human.stderr.hasPrefix("breach: chain broken at #\(tampering.firstBad): "), "\(human)")
        let report = try cli.run("verify", "--json").object()
        #expect(report["ok"] as? Bool == false)
        #expect(report["first_bad_sequence"] as? Int == tampering.firstBad)
    }

    @Test func deletingTheNewestEventIsCaughtByTheReadModels() throws {
        // A hash chain cannot show a cut tail by itself; the read models still remember the event.
        try cli.sqlite(Self.dropTriggers + "DELETE FROM events WHERE sequence = 6;")
        let output = try cli.run("verify")
        #expect(output.status == 4)
        #expect(output.stderr.hasPrefix("breach: read model diverges: INC-3: "), "\(output)")
    }

    @Test func aDamagedPageOutsideTheLogIsReported() throws {
        // Page 3 holds an index the chain walk never reads.
        try overwrite(at: 2 * 4096, with: Data(repeating: 0xA5, count: 4096))
        let output = try cli.run("verify")
        #expect(output.status == 4)
        #expect(output.stderrLines.count == 1, "\(output)")
        #expect(output.stderr.hasPrefix("breach: the database file is damaged: "), "\(output)")
        #expect(try cli.run("verify", "--json").object()["storage_problem"] is String)
    }

    static let unusableFiles: [(name: String, damage: @Sendable (String) throws -> Void)] = [
        ("truncated to two pages", { try FileHandle(forWritingTo: URL(fileURLWithPath: $0)).truncate(atOffset: 8192) }),
        ("truncated inside the header", { try FileHandle(forWritingTo: URL(fileURLWithPath: $0)).truncate(atOffset: 60) }),
        ("header overwritten", { path in
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seek(toOffset: 0)
            handle.write(Data("not a database, just text\n".utf8))
            try handle.close()
        }),
    ]

    @Test(arguments: 0..<unusableFiles.count)
    func commandsOnAnUnusableFileFailCleanlyAndWriteNothing(_ index: Int) throws {
        try Self.unusableFiles[index].damage(cli.databasePath)
        let damaged = FileManager.default.contents(atPath: cli.databasePath)
        for arguments in [["verify"], ["list"], ["show", "INC-1"], ["note", "INC-1", "x"], ["detect", "t", "--kind", "data-breach", "--severity", "low"],
                          ["check"], ["rebuild"], ["report", "sla"]] {
            let output = try cli.run(arguments)
            #expect(output.status == 73, "\(Self.unusableFiles[index].name): \(arguments): \(output)")
            #expect(output.stderrLines.count == 1 && output.stderr.hasPrefix("breach: "), "\(arguments): \(output)")
            #expect(output.stdout.isEmpty, "\(arguments): \(output)")
            #expect(FileManager.default.contents(atPath: cli.databasePath) == damaged, "\(arguments) wrote to the damaged file")
            #expect(!FileManager.default.fileExists(atPath: cli.databasePath + "-wal")
                    || FileManager.default.contents(atPath: cli.databasePath + "-wal")?.isEmpty == true, "\(arguments) left a WAL")
        }
    }

    private func overwrite(at offset: UInt64, with data: Data) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.databasePath))
        try handle.seek(toOffset: offset)
        handle.write(data)
        try handle.close()
    }
}

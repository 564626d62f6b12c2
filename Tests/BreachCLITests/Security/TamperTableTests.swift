import BreachKit
import Foundation
import Testing

/// The tamper table of issue 18: what `verify` detects when someone with write access to the database
/// file edits, deletes, reorders, truncates or rewrites-and-re-hashes the log, without and with signed
/// checkpoints (in the log, and as witness copies kept elsewhere).
///
/// The attacker is privileged and tidy: triggers dropped, and `breach rebuild` run afterwards, so the
/// read models agree with the tampered log and only the chain and the checkpoints can tell.
@Suite("Audit: tamper table")
struct TamperTableTests {
    static let dropTriggers = "DROP TRIGGER IF EXISTS events_are_append_only_update; DROP TRIGGER IF EXISTS events_are_append_only_delete;"

    /// One attack on a log of six incident events (#1…#6) and, with checkpoints, the checkpoint #7 of #6.
    struct Attack: Sendable {
        let name: String
        /// SQL run on the file (after the triggers are dropped).
        let sql: String
        /// Recompute every hash after the SQL, as a rewriter who knows the hash rule would.
        let rehash: Bool
    }

    static let attacks = [
        Attack(name: "edit an event", sql: "UPDATE events SET payload = replace(payload, 'note 2', 'note X') WHERE sequence = 4;", rehash: false),
        Attack(name: "delete the newest events (and the checkpoint after them)", sql: "DELETE FROM events WHERE sequence >= 6;", rehash: false),
        Attack(name: "reorder two events",
               sql: "UPDATE events SET sequence = -2 WHERE sequence = 2; UPDATE events SET sequence = 2 WHERE sequence = 3; UPDATE events SET sequence = 3 WHERE sequence = -2;",
               rehash: false),
        Attack(name: "truncate the log after #3", sql: "DELETE FROM events WHERE sequence > 3;", rehash: false),
        Attack(name: "full rewrite and re-hash", sql: "UPDATE events SET payload = replace(payload, 'note 1', 'note X') WHERE sequence = 2;", rehash: true),
        Attack(name: "full rewrite and re-hash, checkpoints deleted",
               sql: "UPDATE events SET payload = replace(payload, 'note 1', 'note X') WHERE sequence = 2; DELETE FROM events WHERE type = 'audit.checkpoint';",
               rehash: true),
    ]

    /// What `verify` says: detected (exit 4) or passed as intact (exit 0).
    enum Verdict: String { case detected, missed = "NOT detected" }

    /// Builds the log, makes a checkpoint when asked (keeping the witness copy), attacks, rebuilds and verifies.
    func run(_ attack: Attack, checkpoint: Bool) throws -> (inLog: Verdict, withWitness: Verdict?) {
        let cli = try BreachCLI()
        var witnessFile: String?
        if checkpoint {
            let key = cli.directory.path("checkpoint.key")
            try cli.succeed("checkpoint", "--generate-key", key)
            try "audit:\n  signing_key: file:\(key)\n".write(toFile: cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        }
        for number in 1...3 {
            try cli.detect("Incident \(number)")
            try cli.succeed("note", "INC-\(number)", "note \(number)")
        }
        if checkpoint {
            let made = try cli.run("checkpoint", "--json")
            let line = try #require(try made.object()["checkpoint"] as? [String: Any], "\(made)")
            witnessFile = cli.directory.path("witness.jsonl")
            try String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self).write(toFile: witnessFile!, atomically: true, encoding: .utf8)
        }
        try cli.sqlite(Self.dropTriggers + attack.sql)
        if attack.rehash { try rehash(cli) }
        _ = try cli.run("rebuild")
        func verdict(_ arguments: [String]) throws -> Verdict {
            let output = try cli.run(arguments)
            #expect(output.status == 0 || output.status == 4, "\(arguments): \(output)")
            return output.status == 0 ? .missed : .detected
        }
        return (try verdict(["verify"]), try witnessFile.map { try verdict(["verify", "--checkpoints", $0]) })
    }

    /// Recomputes prev_hash and hash of every event in sequence order, as `EventStore` would have.
    func rehash(_ cli: BreachCLI) throws {
        let shell = try #require(["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let dump = try cli.execute(URL(fileURLWithPath: shell), ["-json", cli.databasePath, "SELECT * FROM events ORDER BY sequence;"], environment: [:])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [[String: Any]], "\(dump)")
        var previous = EventHasher.genesis
        var updates: [String] = []
        for row in rows {
            let sequence = Int64(row["sequence"] as? Int ?? 0)
            let hash = EventHasher.hash(previousHash: previous, sequence: sequence, stream: row["stream"] as? String ?? "",
                                        version: row["version"] as? Int ?? 0, type: row["type"] as? String ?? "",
                                        schemaVersion: row["schema_version"] as? Int ?? 1, payload: row["payload"] as? String ?? "",
                                        effectiveAt: row["effective_at"] as? String ?? "", recordedAt: row["recorded_at"] as? String ?? "",
                                        actor: row["actor"] as? String ?? "")
            updates.append("UPDATE events SET prev_hash = '\(previous)', hash = '\(hash)' WHERE sequence = \(sequence);")
            previous = hash
        }
        try cli.sqlite(updates.joined(separator: "\n"))
    }

    @Test func theTamperTable() throws {
        var table = ["| attack (then `breach rebuild`) | no checkpoint | checkpoint in the log | + witness copy (`verify --checkpoints`) |",
                     "|---|---|---|---|"]
        var results: [String: (Verdict, Verdict, Verdict)] = [:]
        for attack in Self.attacks {
            let plain = try run(attack, checkpoint: false).inLog
            let signed = try run(attack, checkpoint: true)
            let witness = try #require(signed.withWitness)
            results[attack.name] = (plain, signed.inLog, witness)
            table.append("| \(attack.name) | \(plain.rawValue) | \(signed.inLog.rawValue) | \(witness.rawValue) |")
        }
        print(table.joined(separator: "\n"))
        // The chain alone catches edits and reorders; only checkpoints catch a re-hashed rewrite; only a copy
        // kept elsewhere catches what was cut off or deleted together with the checkpoints.
        #expect(results["edit an event"]! == (.detected, .detected, .detected))
        #expect(results["reorder two events"]! == (.detected, .detected, .detected))
        #expect(results["delete the newest events (and the checkpoint after them)"]! == (.missed, .missed, .detected))
        #expect(results["truncate the log after #3"]! == (.missed, .missed, .detected))
        #expect(results["full rewrite and re-hash"]! == (.missed, .detected, .detected))
        #expect(results["full rewrite and re-hash, checkpoints deleted"]! == (.missed, .missed, .detected))
    }
}

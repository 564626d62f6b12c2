import BreachDomain
import BreachKit
import Foundation
import Testing

/// Signed checkpoints (issue 18, SPEC "Audit that survives a privileged attacker"): made by `breach
/// checkpoint` and by `check` when the log moved, sent to witnesses, checked by `verify`.
@Suite("Audit: signed checkpoints and witnesses")
struct CheckpointTests {
    typealias S = DeliveryScenario

    /// A scenario whose breach.yml names a freshly generated signing key; returns the public key.
    static func withSigningKey(_ s: DeliveryScenario, witness: Bool = true) throws -> String {
        try s.configure(escalation: [])
        let keyPath = s.cli.directory.path("checkpoint.key")
        let generated = try s.cli.succeed("checkpoint", "--generate-key", keyPath, "--json").object()
        let publicKey = try #require(generated["public_key"] as? String)
        let config = try String(contentsOfFile: s.cli.directory.path("breach.yml"), encoding: .utf8)
            + "audit:\n  signing_key: file:\(keyPath)\n  public_key: \(publicKey)\n"
        try config.write(toFile: s.cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        if witness { try s.addWebhookContact("notary", role: "witness", url: s.webhooks.url("/ok?to=notary")) }
        return publicKey
    }

    @Test func generateKeyWritesAPrivateFileAndNeverOverwritesIt() throws {
        let cli = try BreachCLI()
        let path = cli.directory.path("k.key")
        let output = try cli.succeed("checkpoint", "--generate-key", path)
        #expect(output.stdout.contains("signing_key: file:\(path)"), "\(output)")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try cli.expectRefusal(67, ["checkpoint", "--generate-key", path], mentioning: "never overwritten")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func checkpointSignsTheHeadRecordsItAndSendsItToTheWitness() throws {
        let s = try DeliveryScenario()
        let publicKey = try Self.withSigningKey(s)
        try s.cli.detect()
        let head = try s.cli.run("verify", "--json").object()
        let output = try s.cli.run("checkpoint", "--json")
        #expect(output.status == 0, "\(output)")
        let checkpoint = try #require(try output.object()["checkpoint"] as? [String: Any])
        #expect(checkpoint["sequence"] as? Int == head["head_sequence"] as? Int)
        #expect(checkpoint["head_hash"] as? String == head["head_hash"] as? String)
        // The signed time is the real clock, not --now
        let signedAt = try #require(RFC3339.parse(checkpoint["signed_at"] as? String ?? ""))
        #expect(abs(signedAt.timeIntervalSinceNow) < 300)
        // The witness received the same line, and its signature verifies with the public key
        let copies = s.requests(to: "/ok?to=notary")
        try #require(copies.count == 1, "\(copies)")
        let line = try #require(copies[0]["body"] as? String)
        let received = try #require(Checkpoint(payload: try JSONValue.parse(line)))
        #expect(CheckpointKey.isValid(received, trustedKey: publicKey))
        #expect(try s.count(of: "audit.checkpoint") == 1)
        // verify checks it; verify --checkpoints checks the witness copy
        let verify = try s.cli.run("verify")
        #expect(verify.status == 0 && verify.stdout.contains("checkpoints: 1 verified"), "\(verify)")
        let file = s.cli.directory.path("witness.jsonl")
        try (line + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let withCopies = try s.cli.run("verify", "--checkpoints", file, "--json")
        #expect(withCopies.status == 0, "\(withCopies)")
        #expect(try withCopies.object()["checkpoints_checked"] as? Int == 2)
        // And a rebuild leaves it all consistent
        try s.cli.succeed("rebuild")
        #expect(try s.cli.run("verify").status == 0)
    }

    @Test func checkMakesACheckpointOnlyWhenTheHeadMoved() throws {
        let s = try DeliveryScenario()
        _ = try Self.withSigningKey(s)
        try s.cli.detect()
        let first = try s.cli.run("check", "--json")
        #expect(first.status == 0, "\(first)")
        #expect((try first.object()["checkpoint"] as? [String: Any])?["sequence"] != nil, "\(first)")
        let again = try s.cli.run("check", "--json")
        #expect(again.status == 0)
        #expect(try again.object()["checkpoint"] is NSNull, "\(again)")
        try s.cli.succeed("note", "INC-1", "more")
        let moved = try s.cli.run("check")
        #expect(moved.stdout.contains("checkpoint: #"), "\(moved)")
        #expect(try s.count(of: "audit.checkpoint") == 2)
        #expect(s.requests(to: "/ok?to=notary").count == 2)
    }

    @Test func anUnusableKeyIsRefused() throws {
        let s = try DeliveryScenario()
        try s.cli.detect()
        try s.configure(escalation: [])
        try s.cli.expectRefusal(65, ["checkpoint"], mentioning: "no audit.signing_key")
        _ = try Self.withSigningKey(s, witness: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: s.cli.directory.path("checkpoint.key"))
        try s.cli.expectRefusal(65, ["checkpoint"], mentioning: "readable by group or others")
        // check still runs, and says why no checkpoint was made (status 3)
        let check = try s.cli.run("check")
        #expect(check.status == 3 && check.stderr.contains("no checkpoint made"), "\(check)")
    }

    @Test func aForgedWitnessCopyIsCaught() throws {
        let s = try DeliveryScenario()
        _ = try Self.withSigningKey(s, witness: false)
        try s.cli.detect()
        var line = try #require(try s.cli.run("checkpoint", "--json").object()["checkpoint"] as? [String: Any])
        line["sequence"] = 0
        let file = s.cli.directory.path("forged.jsonl")
        try String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self).write(toFile: file, atomically: true, encoding: .utf8)
        let verify = try s.cli.run("verify", "--checkpoints", file)
        #expect(verify.status == 4, "\(verify)")
        #expect(verify.stderr.contains("signature does not verify"), "\(verify)")
        try "not json\n".write(toFile: file, atomically: true, encoding: .utf8)
        try s.cli.expectRefusal(65, ["verify", "--checkpoints", file], mentioning: "not a checkpoint line")
    }
}

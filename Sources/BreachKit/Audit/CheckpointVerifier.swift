import BreachDomain
import Foundation

/// Checks checkpoints against the log: each signature, and that its `(sequence, head_hash)` is still on
/// the chain. A log rewritten and re-hashed after a checkpoint fails here even though its own chain is
/// consistent.
public enum CheckpointVerifier {
    /// What a check found.
    public struct Result: Sendable, Equatable {
        public var checked = 0
        /// One line per problem, oldest checkpoint first.
        public var problems: [String] = []
        /// The newest sequence a valid checkpoint vouches for (0 when none).
        public var newestVouched: Int64 = 0

        public init() {}
    }

    /// The checkpoints recorded in the log (`audit.checkpoint` events), in order.
    public static func recorded(in reader: any EventLogReader) throws -> [(eventSequence: Int64, checkpoint: Checkpoint?)] {
        try reader.events(of: AuditEvent.stream).map { stored in
            let payload = (try? JSONValue.parse(stored.payload)) ?? .null
            return (stored.sequence, Checkpoint(payload: payload))
        }
    }

    /// Checks every checkpoint recorded in the log.
    public static func verifyRecorded(in reader: any EventLogReader, trustedKey: String?) throws -> Result {
        var result = Result()
        for (eventSequence, checkpoint) in try recorded(in: reader) {
            guard let checkpoint else {
                result.checked += 1
                result.problems.append("checkpoint event #\(eventSequence) cannot be read")
                continue
            }
            check(checkpoint, label: "checkpoint event #\(eventSequence)", trustedKey: trustedKey, in: reader, into: &result)
        }
        return result
    }

    /// Checks witness copies (`verify --checkpoints FILE`).
    public static func verify(_ checkpoints: [Checkpoint], in reader: any EventLogReader, trustedKey: String?) throws -> Result {
        var result = Result()
        for (index, checkpoint) in checkpoints.enumerated() {
            check(checkpoint, label: "witness checkpoint \(index + 1) (of #\(checkpoint.sequence))", trustedKey: trustedKey, in: reader, into: &result)
        }
        return result
    }

    /// Reads a witness file: one checkpoint JSON object per line, blank lines ignored.
    public static func parse(lines text: String, fileName: String) throws -> [Checkpoint] {
        var checkpoints: [Checkpoint] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let value = try? JSONValue.parse(trimmed), let checkpoint = Checkpoint(payload: value) else {
                throw BreachError(.invalidFile, "\(TextRules.printable(fileName)):\(number + 1): not a checkpoint line (sequence, head_hash, signed_at, public_key, signature)")
            }
            checkpoints.append(checkpoint)
        }
        return checkpoints
    }

    private static func check(_ checkpoint: Checkpoint, label: String, trustedKey: String?, in reader: any EventLogReader, into result: inout Result) {
        result.checked += 1
        guard CheckpointKey.isValid(checkpoint, trustedKey: trustedKey) else {
            result.problems.append("\(label): the signature does not verify with \(trustedKey == nil ? "the key recorded with it" : "audit.public_key") — forged or altered")
            return
        }
        if let trustedKey = trustedKey, checkpoint.publicKey != trustedKey {
            result.problems.append("\(label): records a different public key than audit.public_key")
            return
        }
        let stored = try? reader.hash(atSequence: checkpoint.sequence)
        guard let stored else {
            let head = (try? reader.head().sequence) ?? 0
            result.problems.append("\(label): the log ends at #\(head) but the checkpoint vouches for #\(checkpoint.sequence) — events were removed after it was signed")
            return
        }
        guard stored == checkpoint.headHash else {
            result.problems.append("\(label): event #\(checkpoint.sequence) now hashes to \(stored.prefix(12))…, the checkpoint signed \(checkpoint.headHash.prefix(12))… — the log was rewritten after it was signed")
            return
        }
        result.newestVouched = max(result.newestVouched, checkpoint.sequence)
    }
}

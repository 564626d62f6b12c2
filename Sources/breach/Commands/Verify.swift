import ArgumentParser
import BreachKit
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain and the read models; report the first divergence.",
        discussion: HelpText.discussion("""
            Recomputes every event's SHA-256 chain link and compares the read models
            with a fresh fold of the log. Read-only; run it from monitoring.
            """, examples: ["breach verify", "breach verify --json --db /var/lib/breach/breach.db"], exitStatuses: [
                (ExitStatus.integrityFailure, "the hash chain or a read model diverges (first bad sequence shown)"),
            ])
    )
    @Option(name: .customLong("checkpoints"), help: ArgumentHelp("Witness copies of checkpoints to check too (JSON lines).", valueName: "file"),
            completion: .file()) var checkpointsFile: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let service = try context.service(creating: false)
        var witnessCopies: [Checkpoint]?
        if let checkpointsFile {
            guard let data = FileManager.default.contents(atPath: checkpointsFile) else {
                throw BreachError.notFound("cannot read \(TextRules.printable(checkpointsFile)); give the file of checkpoint lines a witness kept")
            }
            witnessCopies = try CheckpointVerifier.parse(lines: String(decoding: data, as: UTF8.self), fileName: checkpointsFile)
        }
        let report = try service.verify()
        // Checkpoints (issue 18): checked against audit.public_key, else the configured signing key's public half.
        var checkpoints = CheckpointVerifier.Result()
        let recordedCheckpoints = try service.checkpointCount()
        if witnessCopies != nil || recordedCheckpoints > 0 {
            let configuration = try context.configuration()
            let trustedKey = configuration.auditPublicKey ?? configuration.auditSigningKey.flatMap { try? CheckpointKey.load(reference: $0).publicKey }
            checkpoints = try service.verifyCheckpoints(witnessCopies: witnessCopies, trustedKey: trustedKey)
        }
        if global.json {
            Printer.json(.object([
                ("ok", .bool(report.isIntact && checkpoints.problems.isEmpty)), ("backend", .string(service.store.backendName)),
                ("events", .int(Int64(report.events))),
                ("head_sequence", .int(report.headSequence)), ("head_hash", .string(report.headHash)),
                ("first_bad_sequence", report.chainProblem.map { .int($0.sequence) } ?? .null),
                ("chain_problem", .optional(report.chainProblem?.message)),
                ("projection_problem", .optional(report.projectionProblem)),
                ("storage_problem", .optional(report.storageProblem)),
                ("backdated_receipts", .int(Int64(report.backdatedEvidence))),
                ("checkpoints_checked", .int(Int64(checkpoints.checked))),
                ("checkpoint_problems", .array(checkpoints.problems.map(JSONValue.string))),
            ]))
        } else if report.isIntact {
            print("ok: \(report.events) events, chain intact, read models match (head #\(report.headSequence) \(report.headHash))")
            if checkpoints.checked > 0 && checkpoints.problems.isEmpty {
                print("checkpoints: \(checkpoints.checked) verified; the log up to #\(checkpoints.newestVouched) is vouched for by a signature")
            }
        }
        if report.backdatedEvidence > 0 && !global.json {
            print("backdated: \(report.backdatedEvidence) receipt(s) recorded with an effective time more than 5 minutes from the real clock (--now); see `breach report notifications`")
        }
        if let problem = report.storageProblem {
            if !global.json { StandardError.write("breach: the database file is damaged: \(problem); restore the latest backup and run `breach verify` on it") }
            throw ExitCode(ExitStatus.integrityFailure)
        }
        if let problem = report.chainProblem {
            if !global.json { StandardError.write("breach: chain broken at #\(problem.sequence): \(problem.message)") }
            throw ExitCode(ExitStatus.integrityFailure)
        }
        if let problem = report.projectionProblem {
            if !global.json { StandardError.write("breach: read model diverges: \(problem)") }
            throw ExitCode(ExitStatus.integrityFailure)
        }
        if let problem = checkpoints.problems.first {
            if !global.json {
                StandardError.write("breach: checkpoint does not match the log: \(problem)" + (checkpoints.problems.count > 1 ? " (and \(checkpoints.problems.count - 1) more; see --json)" : ""))
            }
            throw ExitCode(ExitStatus.integrityFailure)
        }
    }
}

import ArgumentParser
import BreachKit

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
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let report = try context.service(creating: false).verify()
        if global.json {
            Printer.json(.object([
                ("ok", .bool(report.isIntact)), ("events", .int(Int64(report.events))),
                ("head_sequence", .int(report.headSequence)), ("head_hash", .string(report.headHash)),
                ("first_bad_sequence", report.chainProblem.map { .int($0.sequence) } ?? .null),
                ("chain_problem", .optional(report.chainProblem?.message)),
                ("projection_problem", .optional(report.projectionProblem)),
                ("storage_problem", .optional(report.storageProblem)),
            ]))
        } else if report.isIntact {
            print("ok: \(report.events) events, chain intact, read models match (head #\(report.headSequence) \(report.headHash))")
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
    }
}

import ArgumentParser
import BreachKit
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The cron job: escalation warnings, missed deadlines, delivery retries. One pass, then exit.",
        discussion: HelpText.discussion("""
            Idempotent: a second run at the same --now sends and records nothing
            new. Safe when two runs overlap. --dry-run says what it would do.
            """, examples: [
                "breach check --dry-run",
                "*/5 * * * * breach check --db /var/lib/breach/breach.db   (crontab)",
            ], exitStatuses: [
                (ExitStatus.overdue, "an obligation is overdue (past due, neither met nor waived)"),
                (ExitStatus.checkerFailed, "the checker could not do its job, e.g. email is due but no\nSMTP transport is configured, a webhook secret or the SMTP\npassword is missing, or an escalation id names no contact\n(3 wins over 2; overdue incidents are still listed)"),
                (ExitStatus.invalidFile, "breach.yml or a playbook cannot be used"),
            ])
    )
    @Flag(name: .customLong("dry-run"), help: "Report what would be done; write and send nothing.") var dryRun = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let service = try context.service(creating: false)
        let configuration = try context.configuration()
        let configurationName = configuration.source ?? "breach.yml"
        let checker = DeadlineChecker(service: service, configuration: configuration, environment: context.environment)
        let report = try checker.run(dryRun: dryRun)
        // A signed checkpoint whenever the log moved since the last one (issue 18; audit.signing_key set).
        var made: Checkpointer.Made?
        var witnessDeliveries: [Checkpointer.WitnessDelivery] = []
        var checkpointProblem: String?
        if !dryRun, let reference = configuration.auditSigningKey {
            do {
                let checkpointer = Checkpointer(database: service.database, key: try CheckpointKey.load(reference: reference),
                                                clock: context.clock, actor: context.actor)
                made = try checkpointer.make(onlyIfMoved: true)
                if let made { witnessDeliveries = try checkpointer.sendToWitnesses(made.checkpoint, configuration: configuration, environment: context.environment) }
            } catch let error as BreachError {
                checkpointProblem = error.message
            }
        }
        func items(_ list: [DeadlineChecker.Item]) -> JSONValue {
            .array(list.map { .object([("incident_id", .string($0.incidentID)), ("obligation_id", .string($0.obligationID)), ("detail", .string($0.detail))]) })
        }
        if global.json {
            Printer.json(.object([
                ("dry_run", .bool(dryRun)), ("warnings", items(report.warnings)), ("missed", items(report.missed)),
                ("delivered", items(report.delivered)), ("retrying", items(report.retrying)), ("failed", items(report.failed)),
                ("due_notifications", items(report.dueNotifications)), ("waiting_for_transport", .int(Int64(report.waitingForTransport))),
                ("overdue_incidents", .array(report.overdueIncidents.map(JSONValue.string))),
                ("unknown_escalation_contacts", .array(report.unknownEscalationContacts.map(JSONValue.string))),
                ("checkpoint", made.map { made in .object([("sequence", .int(made.checkpoint.sequence)), ("head_hash", .string(made.checkpoint.headHash)),
                                                          ("event_sequence", .int(made.eventSequence)),
                                                          ("witnesses", .array(witnessDeliveries.map(CheckpointCommand.document)))]) } ?? .null),
            ]))
        } else {
            let prefix = dryRun ? "would " : ""
            for item in report.warnings { print("\(prefix)warn: \(item.incidentID) \(item.obligationID) \(item.detail)") }
            for item in report.missed { print("\(prefix)record MISSED: \(item.incidentID) \(item.obligationID) \(item.detail)") }
            for item in report.dueNotifications { print("would attempt: \(item.detail)") }
            for item in report.delivered { print("delivered: \(item.detail)") }
            for item in report.retrying { print("will retry: \(item.detail)") }
            for item in report.failed { print("FAILED: \(item.detail)") }
            if let made { print("checkpoint: #\(made.checkpoint.sequence) signed, recorded as #\(made.eventSequence), sent to \(witnessDeliveries.filter { $0.receipt.outcome == .delivered }.count) witness(es)") }
            print("check: \(report.warnings.count) warning(s), \(report.missed.count) missed, \(report.delivered.count) delivered, \(report.retrying.count) retrying, \(report.failed.count) failed; overdue incidents: \(report.overdueIncidents.isEmpty ? "none" : report.overdueIncidents.joined(separator: ", "))")
        }
        // One stderr line per problem; when the checker cannot do its job (3) and obligations are overdue (2),
        // 3 wins — but the overdue line is still printed, so neither is hidden behind the other.
        var checkerFailed = false
        if !report.waiting.isEmpty {
            let reasons = report.waiting.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            StandardError.write("breach: cannot send due notifications: \(reasons.joined(separator: "; "))")
            checkerFailed = true
        }
        if !report.unknownEscalationContacts.isEmpty {
            let ids = report.unknownEscalationContacts.joined(separator: ", ")
            StandardError.write("breach: escalation contact(s) \(ids) in \(configurationName) name no contact, so their alerts reach nobody; add the contact (`breach contact add`) or fix escalation:")
            checkerFailed = true
        }
        if let checkpointProblem {
            StandardError.write("breach: no checkpoint made: \(checkpointProblem)")
            checkerFailed = true
        }
        for delivery in witnessDeliveries where delivery.receipt.outcome != .delivered {
            StandardError.write("breach: witness \(delivery.contactID) (\(delivery.channel.rawValue)) did not get checkpoint #\(made?.checkpoint.sequence ?? 0): \(delivery.receipt.receipt)")
            checkerFailed = true
        }
        if !report.overdueIncidents.isEmpty {
            StandardError.write("breach: overdue: \(report.overdueIncidents.joined(separator: ", "))")
        }
        if checkerFailed { throw ExitCode(ExitStatus.checkerFailed) }
        if !report.overdueIncidents.isEmpty { throw ExitCode(ExitStatus.overdue) }
    }
}

import ArgumentParser
import BreachKit
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The cron job: escalation warnings, missed deadlines, delivery retries. One pass, then exit.",
        discussion: """
            Idempotent (a second run at the same time does nothing) and safe when two runs overlap.
            Exit 0: all is well; 2: an obligation is overdue; 3: the checker could not do its job
            (e.g. email notifications are due but no SMTP transport is configured).
            Example (crontab): */5 * * * * breach check --db /var/lib/breach/breach.db
            """
    )
    @Flag(name: .customLong("dry-run"), help: "Report what would be done; write and send nothing.") var dryRun = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let service = try context.service(creating: false)
        let checker = DeadlineChecker(service: service, configuration: try context.configuration(), environment: context.environment)
        let report = try checker.run(dryRun: dryRun)
        func items(_ list: [DeadlineChecker.Item]) -> JSONValue {
            .array(list.map { .object([("incident_id", .string($0.incidentID)), ("obligation_id", .string($0.obligationID)), ("detail", .string($0.detail))]) })
        }
        if global.json {
            Printer.json(.object([
                ("dry_run", .bool(dryRun)), ("warnings", items(report.warnings)), ("missed", items(report.missed)),
                ("delivered", items(report.delivered)), ("retrying", items(report.retrying)), ("failed", items(report.failed)),
                ("due_notifications", items(report.dueNotifications)), ("waiting_for_transport", .int(Int64(report.waitingForTransport))),
                ("overdue_incidents", .array(report.overdueIncidents.map(JSONValue.string))),
            ]))
        } else {
            let prefix = dryRun ? "would " : ""
            for item in report.warnings { print("\(prefix)warn: \(item.incidentID) \(item.obligationID) \(item.detail)") }
            for item in report.missed { print("\(prefix)record MISSED: \(item.incidentID) \(item.obligationID) \(item.detail)") }
            for item in report.dueNotifications { print("would attempt: \(item.detail)") }
            for item in report.delivered { print("delivered: \(item.detail)") }
            for item in report.retrying { print("will retry: \(item.detail)") }
            for item in report.failed { print("FAILED: \(item.detail)") }
            print("check: \(report.warnings.count) warning(s), \(report.missed.count) missed, \(report.delivered.count) delivered, \(report.retrying.count) retrying, \(report.failed.count) failed; overdue incidents: \(report.overdueIncidents.isEmpty ? "none" : report.overdueIncidents.joined(separator: ", "))")
        }
        if report.waitingForTransport > 0 {
            StandardError.write("breach: \(report.waitingForTransport) email notification(s) are due but no SMTP transport is configured (smtp: in breach.yml)")
            throw ExitCode(ExitStatus.checkerFailed)
        }
        if !report.overdueIncidents.isEmpty {
            StandardError.write("breach: overdue: \(report.overdueIncidents.joined(separator: ", "))")
            throw ExitCode(ExitStatus.overdue)
        }
    }
}

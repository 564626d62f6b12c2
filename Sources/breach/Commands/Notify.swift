import ArgumentParser
import BreachKit
import Logging

struct Notify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Queue notifications for an incident's obligations and attempt delivery now.",
        discussion: HelpText.discussion("""
            One notification per (obligation, audience contact, channel) is queued as
            an event, then sent. Transient failures are retried by `breach check`.
            Without an SMTP transport, or with a webhook secret or the SMTP password
            missing from the environment, they stay queued (a warning says so);
            nothing is reported delivered that the server did not accept.
            """, examples: ["breach notify INC-4", "breach notify INC-4 --obligation data-protection-authorities"],
            exitStatuses: [(ExitStatus.invalidFile, "breach.yml cannot be used")])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: "Only this obligation.", completion: Completions.obligation) var obligation: String?
    @OptionGroup var logging: LogOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let (format, logger) = try logging.bootstrap(command: "notify", environment: context.environment)
        let id = try IncidentID.parse(id)
        let service = try context.service(creating: false)
        let outbox = NotificationOutbox(service: service, configuration: try context.configuration(), environment: context.environment)
        outbox.logger = logger
        let queued = try outbox.queue(incidentID: id, obligationID: obligation)
        let report = try outbox.deliverDue(incidentID: id)
        if let unreachable = queued.unreachable { StandardError.write("warning: \(unreachable)") }
        for (reason, count) in report.waiting.sorted(by: { $0.key < $1.key }) {
            if format == .json {
                logger.warning("notifications waiting", metadata: [LogKey.incidentID: "\(id)", "reason": "\(reason)", "count": .stringConvertible(count)])
            } else {
                StandardError.write("warning: \(count) \(reason)")
            }
        }
        let incident = try service.load(id)
        if global.json {
            Printer.json(IncidentDocument.json(incident, now: context.clock.now()))
            return
        }
        print("\(id): queued \(queued.notifications.count) notification(s)")
        for (_, notification, receipt) in report.delivered { print("  delivered \(notification.id): \(receipt)") }
        for (_, notification, receipt) in report.retrying { print("  will retry \(notification.id): \(receipt)") }
        for (_, notification, receipt) in report.failed { print("  FAILED \(notification.id): \(receipt)") }
    }
}

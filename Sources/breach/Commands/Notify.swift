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
            Plain notify sends only obligations whose due time is known, whose
            fulfilled: prerequisite is met and whose required facts are set; name one
            with --obligation and add --early --reason R to send it before its anchor.
            --supplement R sends a met obligation's message again (phased information);
            its met_at never moves.
            """, examples: ["breach notify INC-4", "breach notify INC-4 --obligation data-protection-authorities",
                            "breach notify INC-4 --obligation gdpr-personal-data/supervisory-authority \\\n      --supplement \"root cause found\""],
            exitStatuses: [(ExitStatus.invalidFile, "breach.yml cannot be used")])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: "Only this obligation.", completion: Completions.obligation) var obligation: String?
    @Flag(help: "Send --obligation although its anchor or prerequisite is not recorded (needs --reason).") var early = false
    @Option(help: "Why it is sent early (with --early).") var reason: String?
    @Option(help: ArgumentHelp("Send a met --obligation again with further information; the reason.", valueName: "reason")) var supplement: String?
    @OptionGroup var logging: LogOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        if early && reason == nil { throw BreachError.invalidInput("--early needs --reason R saying why the obligation is sent before its anchor") }
        if early && obligation == nil { throw BreachError.invalidInput("--early needs --obligation OID: name the one obligation to send before its anchor") }
        if reason != nil && !early { throw BreachError.invalidInput("--reason goes with --early; for a supplement write --supplement R") }
        if supplement != nil && obligation == nil { throw BreachError.invalidInput("--supplement needs --obligation OID: name the met obligation to supplement") }
        let context = try CommandContext(global)
        let (format, logger) = try logging.bootstrap(command: "notify", environment: context.environment)
        let id = try IncidentID.parse(id)
        let service = try context.service(creating: false)
        let outbox = NotificationOutbox(service: service, configuration: try context.configuration(), environment: context.environment)
        outbox.logger = logger
        let queued = try outbox.queue(incidentID: id, obligationID: obligation, early: early ? reason : nil, supplement: supplement)
        for held in queued.held { StandardError.write("note: held back \(held)") }
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

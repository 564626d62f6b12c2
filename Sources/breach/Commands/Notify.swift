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
            nothing is reported delivered that the server did not accept. No
            delivery starts after --max-seconds; the rest stay queued for
            `breach check`. --dry-run prints how many notifications would be
            queued and are pending, per obligation and channel, and writes and
            sends nothing.
            Plain notify sends only obligations whose due time is known, whose
            fulfilled: prerequisite is met and whose required facts are set; name one
            with --obligation and add --early --reason R to send it before its anchor.
            --supplement R sends a met obligation's message again (phased information);
            its met_at never moves.
            """, examples: ["breach notify INC-4", "breach notify INC-4 --obligation data-protection-authorities",
                             "breach notify INC-4 --dry-run",
                             "breach notify INC-4 --obligation gdpr-personal-data/supervisory-authority \\\n      --supplement \"root cause found\""],
            exitStatuses: [(ExitStatus.invalidFile, "breach.yml cannot be used")])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: "Only this obligation.", completion: Completions.obligation) var obligation: String?
    @Flag(name: .customLong("dry-run"), help: "Print the counts per obligation and channel; queue, send and write nothing.") var dryRun = false
    @OptionGroup var budget: DeliveryBudgetOptions
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
        let maxSeconds = try budget.seconds()
        let service = try context.service(creating: false)
        let outbox = NotificationOutbox(service: service, configuration: try context.configuration(), environment: context.environment)
        outbox.logger = logger
        if dryRun {
            try printPreview(try outbox.preview(incidentID: id, obligationID: obligation), id: id)
            return
        }
        let progress = ProgressLine.delivery("notifying \(id)", format: format)
        outbox.progress = { progress.update($0.line) }
        let (queued, report): (NotificationOutbox.Queued, NotificationOutbox.RunReport)
        do {
            defer { progress.finish() }
            (queued, report) = try outbox.notify(incidentID: id, obligationID: obligation, early: early ? reason : nil, supplement: supplement,
                                                 maxSeconds: maxSeconds)
        }
        for held in queued.held { StandardError.write("note: held back \(held)") }
        if let unreachable = queued.unreachable { StandardError.write("warning: \(unreachable)") }
        for (reason, count) in report.deferred.sorted(by: { $0.key.message < $1.key.message }) {
            StandardError.write("warning: \(count) notification(s) \(reason.message)")
        }
        for (reason, count) in report.waiting.sorted(by: { $0.key < $1.key }) {
            if format == .json {
                logger.warning("notifications waiting", metadata: [LogKey.incidentID: "\(id)", "reason": "\(reason)", "count": .stringConvertible(count)])
            } else {
                StandardError.write("warning: \(count) \(reason)")
            }
        }
        if global.json {
            // Folded again only for the document: a fold of a large incident holds every notification once more.
            Printer.json(IncidentDocument.json(try service.load(id), now: context.clock.now()))
            return
        }
        print("\(id): queued \(queued.notifications.count) notification(s)")
        for (_, notification, receipt) in report.delivered { print("  delivered \(notification.id): \(receipt)") }
        for (_, notification, receipt) in report.retrying { print("  will retry \(notification.id): \(receipt)") }
        for (_, notification, receipt) in report.failed { print("  FAILED \(notification.id): \(receipt)") }
    }

    /// The dry run's counts: a table (or JSON), a total, and the warning `notify` would give.
    private func printPreview(_ preview: NotificationPreview, id: String) throws {
        if let unreachable = preview.unreachable { StandardError.write("warning: \(unreachable)") }
        if global.json {
            Printer.json(.object([
                ("incident_id", .string(id)), ("dry_run", .bool(true)),
                ("obligations", .array(preview.rows.map { row in .object([
                    ("obligation_id", .string(row.obligationID)), ("channel", .string(row.channel.rawValue)),
                    ("to_queue", .int(Int64(row.toQueue))), ("pending", .int(Int64(row.pending))),
                ]) })),
                ("to_queue", .int(Int64(preview.toQueue))), ("pending", .int(Int64(preview.pending))),
            ]))
            return
        }
        print("\(id): dry run, nothing queued, sent or written")
        let rows = preview.rows.map { [$0.obligationID, $0.channel.rawValue, "\($0.toQueue)", "\($0.pending)"] }
        print(TextTable.render(header: ["OBLIGATION", "CHANNEL", "TO QUEUE", "PENDING"], rows: rows + [["total", "", "\(preview.toQueue)", "\(preview.pending)"]]))
    }
}

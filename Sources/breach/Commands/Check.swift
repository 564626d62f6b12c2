import ArgumentParser
import BreachKit
import Foundation
import Logging

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The cron job: escalation warnings, missed deadlines, delivery retries. One pass, then exit.",
        discussion: HelpText.discussion("""
            Idempotent: a second run at the same --now sends and records nothing
            new. Safe when two runs overlap. --dry-run says what it would do.
            --metrics-file writes Prometheus metrics for node_exporter's textfile
            collector; a `heartbeat:` URL in breach.yml is pinged after each
            successful run (docs/operations.md). No delivery starts after
            --max-seconds; the rest stay queued for the next run.
            """, examples: [
                "breach check --dry-run",
                "*/5 * * * * breach check --db /var/lib/breach/breach.db   (crontab)",
                "breach check --metrics-file /var/lib/node_exporter/textfile/breach.prom",
                "BREACH_LOG_FORMAT=json breach check   (one JSON object per stderr line)",
            ], exitStatuses: [
                (ExitStatus.overdue, "an obligation is overdue (past due, neither met nor waived)"),
                (ExitStatus.checkerFailed, "the checker could not do its job, e.g. email is due but no\nSMTP transport is configured, a webhook secret or the SMTP\npassword is missing, the SMTP server refused (421, 451, 452,\nconnection refused), or an escalation id names no contact\n(3 wins over 2; overdue incidents are still listed)"),
                (ExitStatus.invalidFile, "breach.yml or a playbook cannot be used"),
                (ExitStatus.outputUnwritable, "the --metrics-file cannot be written (the check's own work\nis done and recorded)"),
            ])
    )
    @Flag(name: .customLong("dry-run"), help: "Report what would be done; write and send nothing.") var dryRun = false
    @Option(name: .customLong("metrics-file"),
            help: ArgumentHelp("Write Prometheus metrics to this file (atomically), e.g. for node_exporter's textfile collector.", valueName: "path"),
            completion: .file(extensions: ["prom"]))
    var metricsFile: String?
    @OptionGroup var budget: DeliveryBudgetOptions
    @OptionGroup var logging: LogOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let started = ContinuousClock.now
        let context = try CommandContext(global)
        let (format, logger) = try logging.bootstrap(command: "check", environment: context.environment)
        if dryRun && metricsFile != nil {
            throw BreachError.invalidInput("--metrics-file cannot be combined with --dry-run: a dry run writes nothing; drop one of them")
        }
        let maxSeconds = try budget.seconds()
        let service = try context.service(creating: false)
        let configuration = try context.configuration()
        let configurationName = configuration.source ?? "breach.yml"
        let checker = DeadlineChecker(service: service, configuration: configuration, environment: context.environment)
        checker.logger = logger
        checker.locateCalendarsFolder = { try context.playbooksDirectory().map(CalendarLoader.folder(ofPlaybooks:)) }
        let report: DeadlineChecker.Report
        let progress = ProgressLine.delivery("checking", format: format)
        checker.progress = { progress.update($0.line) }
        do {
            defer { progress.finish() }
            report = try checker.run(dryRun: dryRun, maxSeconds: maxSeconds)
        } catch {
            // The file still tells monitoring that this run failed, keeping the last success it had.
            if let metricsFile { _ = CheckMetrics.write(to: metricsFile, service: service, now: context.clock.now(), started: started, succeeded: false) }
            throw error
        }
        // A signed checkpoint whenever the log moved since the last one (audit.signing_key set).
        var made: Checkpointer.Made?
        var witnessDeliveries: [Checkpointer.WitnessDelivery] = []
        var checkpointProblem: String?
        if !dryRun, let reference = configuration.auditSigningKey {
            do {
                let checkpointer = Checkpointer(store: service.store, key: try CheckpointKey.load(reference: reference),
                                                clock: context.clock, actor: service.actor)
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
                ("left_queued", .array(report.deferred.sorted { $0.key.message < $1.key.message }.map { reason, count in
                    .object([("reason", .string(reason.message)), ("count", .int(Int64(count)))]) })),
                ("calendar_warnings", items(report.calendarWarnings)),
                ("checkpoint", made.map { made in .object([("sequence", .int(made.checkpoint.sequence)), ("head_hash", .string(made.checkpoint.headHash)),
                                                          ("event_sequence", .int(made.eventSequence)),
                                                          ("witnesses", .array(witnessDeliveries.map(CheckpointCommand.document)))]) } ?? .null),
            ]))
        } else {
            for item in report.calendarWarnings { StandardError.write("warning: \(item.incidentID) \(item.obligationID): \(item.detail)") }
            let prefix = dryRun ? "would " : ""
            for item in report.warnings { print("\(prefix)warn: \(item.incidentID) \(item.obligationID) \(item.detail)") }
            for item in report.missed { print("\(prefix)record MISSED: \(item.incidentID) \(item.obligationID) \(item.detail)") }
            for item in report.dueNotifications { print("would attempt: \(item.detail)") }
            for item in report.delivered { print("delivered: \(item.detail)") }
            for item in report.retrying { print("will retry: \(item.detail)") }
            for item in report.failed { print("FAILED: \(item.detail)") }
            for (reason, count) in report.deferred.sorted(by: { $0.key.message < $1.key.message }) where !reason.needsAttention {
                print("\(count) notification(s) \(reason.message)")
            }
            if let made { print("checkpoint: #\(made.checkpoint.sequence) signed, recorded as #\(made.eventSequence), sent to \(witnessDeliveries.filter { $0.receipt.outcome == .delivered }.count) witness(es)") }
            print("check: \(report.warnings.count) warning(s), \(report.missed.count) missed, \(report.delivered.count) delivered, \(report.retrying.count) retrying, \(report.failed.count) failed; overdue incidents: \(report.overdueIncidents.isEmpty ? "none" : report.overdueIncidents.joined(separator: ", "))")
        }
        // What kept the checker from its job (exit 3): due notifications unsent for want of configuration, an
        // escalation id that alerts nobody, a checkpoint not made or not delivered to a witness. Overdue
        // obligations are about the incidents, not the checker (exit 2).
        var problems: [(message: String, reason: String)] = []
        if !report.waiting.isEmpty {
            let reasons = report.waiting.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            problems.append(("cannot send due notifications: \(reasons.joined(separator: "; "))", Self.waitingReason))
        }
        for (reason, count) in report.deferred.sorted(by: { $0.key.message < $1.key.message }) where reason.needsAttention {
            problems.append(("\(count) email notification(s) \(reason.message); check the relay and smtp.max_connections / smtp.max_per_minute", "smtp transport refused"))
        }
        if !report.unknownEscalationContacts.isEmpty {
            let ids = report.unknownEscalationContacts.joined(separator: ", ")
            problems.append(("escalation contact(s) \(ids) in \(configurationName) name no contact, so their alerts reach nobody; add the contact (`breach contact add`) or fix escalation:", "unknown escalation contact"))
        }
        if let checkpointProblem { problems.append(("no checkpoint made: \(checkpointProblem)", "checkpoint not made")) }
        for delivery in witnessDeliveries where delivery.receipt.outcome != .delivered {
            problems.append(("witness \(delivery.contactID) (\(delivery.channel.rawValue)) did not get checkpoint #\(made?.checkpoint.sequence ?? 0): \(delivery.receipt.receipt)", "witness not reached"))
        }
        if dryRun {
            try finish(report, problems: problems, format: format, logger: logger, metricsProblem: nil)
            return
        }
        let succeeded = problems.isEmpty
        let metricsProblem = metricsFile.flatMap {
            CheckMetrics.write(to: $0, service: service, now: context.clock.now(), started: started, succeeded: succeeded)
        }
        if format == .json {
            logger.info("check finished", metadata: [
                "warnings": .stringConvertible(report.warnings.count), "missed": .stringConvertible(report.missed.count),
                "delivered": .stringConvertible(report.delivered.count), "retrying": .stringConvertible(report.retrying.count),
                "failed": .stringConvertible(report.failed.count), "overdue_incidents": .stringConvertible(report.overdueIncidents.count),
                "duration_ms": .stringConvertible(Int((CheckMetrics.seconds(since: started) * 1000).rounded())),
            ])
        }
        if succeeded, let heartbeat = configuration.heartbeat,
           let problem = HeartbeatPinger(url: heartbeat.url, timeout: heartbeat.timeout).ping() {
            if format == .json {
                logger.warning("heartbeat ping failed", metadata: [LogKey.error: "\(problem)"])
            } else {
                StandardError.write("warning: heartbeat ping failed: \(problem); the check itself succeeded")
            }
        }
        try finish(report, problems: problems, format: format, logger: logger, metricsProblem: metricsProblem)
    }

    private static let waitingReason = "notifications waiting"

    /// The exit status and its lines: the checker's own problems (3), then an unwritable metrics file (73),
    /// then overdue obligations (2). One line per problem; when 3 wins over 2 the overdue incidents are
    /// still listed, so neither hides the other (docs/exit-codes.md). JSON records say the same.
    private func finish(_ report: DeadlineChecker.Report, problems: [(message: String, reason: String)], format: LogFormat,
                        logger: Logger, metricsProblem: String?) throws {
        var status: Int32?
        if format == .json {
            for (reason, count) in report.waiting.sorted(by: { $0.key < $1.key }) {
                logger.error("notifications waiting", metadata: ["reason": "\(reason)", "count": .stringConvertible(count)])
            }
        }
        for problem in problems {
            if format == .json {
                // Waiting notifications were logged one record per reason, above.
                if problem.reason != Self.waitingReason {
                    logger.error("check problem", metadata: ["reason": "\(problem.reason)", LogKey.error: "\(problem.message)"])
                }
            } else {
                StandardError.write("breach: \(problem.message)")
            }
            status = ExitStatus.checkerFailed
        }
        if let metricsProblem {
            if format == .json { logger.error("metrics file not written", metadata: [LogKey.error: "\(metricsProblem)"]) } else { StandardError.write("breach: \(metricsProblem)") }
            status = status ?? ExitStatus.outputUnwritable
        }
        if !report.overdueIncidents.isEmpty {
            if format == .json {
                for incident in report.overdueIncidents { logger.warning("incident overdue", metadata: [LogKey.incidentID: "\(incident)"]) }
            } else {
                StandardError.write("breach: overdue: \(report.overdueIncidents.joined(separator: ", "))")
            }
            status = status ?? ExitStatus.overdue
        }
        if let status { throw ExitCode(status) }
    }
}

/// The checker's metrics file: what the database says now, and how this run went.
enum CheckMetrics {
    /// Writes the file; nil when written, else the one-line problem (the check's own work is already recorded).
    static func write(to path: String, service: IncidentService, now: Date, started: ContinuousClock.Instant, succeeded: Bool) -> String? {
        let finishedAt = service.wallClock.now()
        let run = BreachMetrics.CheckRun(
            finishedAt: finishedAt, durationSeconds: seconds(since: started), succeeded: succeeded,
            lastSuccessAt: succeeded ? finishedAt : MetricsFile.previousLastSuccess(at: path))
        // A database that cannot be read still gets a file saying the run failed.
        let snapshot = try? service.metricsSnapshot(at: now)
        do {
            try MetricsFile.write(BreachMetrics.render(snapshot: snapshot, now: now, check: run), to: path)
            return nil
        } catch {
            return error.message
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = (ContinuousClock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}

import ArgumentParser
import BreachKit
import Foundation
import Logging

struct PlaybookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "Playbooks: stage checklists and the obligations a declaration creates.",
        discussion: HelpText.discussion("""
            Playbooks are YAML files, one per incident kind (docs/playbooks.md).
            Found in breach.yml's playbooks:, else $BREACH_PLAYBOOKS, else the
            installed share/breach/Playbooks, else ./Playbooks.
            """, examples: ["breach playbook list", "breach playbook show data-breach"]),
        subcommands: [ListPlaybooks.self, ShowPlaybook.self, Validate.self]
    )

    static func document(_ playbook: Playbook) -> JSONValue {
        let checklists: [JSONValue] = Stage.allCases.compactMap { stage in
            let items = playbook.checklist(for: stage)
            guard !items.isEmpty else { return nil }
            return .object([("stage", .string(stage.rawValue)), ("items", .array(items.map {
                .object([("id", .string($0.id)), ("text", .string($0.text)), ("required", .bool($0.required))])
            }))])
        }
        let obligations: [JSONValue] = playbook.obligations.map { rule in
            .object([("id", .string(rule.id)), ("title", .string(rule.title)),
                     ("audience", .string(ObligationSnapshot.audienceText(rule.audience))),
                     ("channels", .array(rule.channels.map { .string($0.rawValue) })), ("anchor", .string(rule.anchor.text)),
                     ("duration", .string("\(rule.duration)")),
                     ("escalation_thresholds_hours", .array(rule.escalationThresholds.map { .double(Double($0) / 3600) }))])
        }
        return .object([("id", .string(playbook.id)), ("title", .string(playbook.title)), ("description", .string(playbook.description)),
                        ("checklists", .array(checklists)), ("obligations", .array(obligations))])
    }

    struct ListPlaybooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the available playbooks.",
            discussion: HelpText.discussion("Files that fail to load are named in warnings on stderr.",
                                            examples: ["breach playbook list", "breach playbook list --json"])
        )
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let catalog = try CommandContext(global).playbooks()
            if global.json { Printer.json(.array(catalog.all.map(PlaybookCommand.document))); return }
            print(TextTable.render(header: ["ID", "OBLIGATIONS", "TITLE"], rows: catalog.all.map { [$0.id, String($0.obligations.count), $0.title] }))
            for error in catalog.errors { StandardError.write("warning: \(error)") }
        }
    }

    struct ShowPlaybook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a playbook's checklists and obligations.",
            discussion: HelpText.discussion(examples: ["breach playbook show data-breach", "breach playbook show data-breach --json"])
        )
        @Argument(help: "Playbook id.", completion: Completions.playbook) var id: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let catalog = try CommandContext(global).playbooks()
            guard let playbook = catalog.playbook(id: id) else {
                throw BreachError.notFound("unknown playbook '\(TextRules.printable(id))'; known playbooks: \(catalog.ids.joined(separator: ", "))")
            }
            if global.json { Printer.json(PlaybookCommand.document(playbook)); return }
            var lines = ["\(playbook.id) — \(playbook.title)", "", playbook.description.trimmingCharacters(in: .whitespacesAndNewlines), ""]
            for stage in Stage.allCases where !playbook.checklist(for: stage).isEmpty {
                lines.append("\(stage.rawValue):")
                for item in playbook.checklist(for: stage) { lines.append("  [\(item.required ? "required" : "optional")] \(item.id): \(item.text)") }
            }
            if !playbook.obligations.isEmpty { lines.append("obligations (created by declare):") }
            for rule in playbook.obligations {
                lines.append("  \(rule.id): \(rule.title) — \(rule.duration) after \(rule.anchor.text), to \(ObligationSnapshot.audienceText(rule.audience)) by \(rule.channels.map(\.rawValue).joined(separator: "/"))")
            }
            print(lines.joined(separator: "\n"))
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Validate a playbook file or folder; every error with file, line and what is wrong.",
            discussion: HelpText.discussion("Run it before deploying a playbook change.",
                                            examples: ["breach playbook validate Playbooks/", "breach playbook validate Playbooks/data-breach.yml"],
                                            exitStatuses: [(ExitStatus.invalidFile, "a playbook is invalid (every error on stderr)")])
        )
        @Argument(help: "A playbook file or a folder of them.", completion: .file(extensions: ["yml", "yaml"])) var path: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let errors = PlaybookValidator.validate(path: path)
            if global.json {
                Printer.json(.object([("valid", .bool(errors.isEmpty)), ("errors", .array(errors.map { .string($0.description) }))]))
            } else if errors.isEmpty {
                print("\(path): valid")
            }
            if !errors.isEmpty {
                if !global.json { for error in errors { StandardError.write(error.description) } }
                throw ExitCode(ExitStatus.invalidFile)
            }
        }
    }
}

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

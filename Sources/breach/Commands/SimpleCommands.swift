import ArgumentParser
import BreachKit

/// Runs one incident command and prints the result the same way for all the small commands.
enum IncidentCommandRunner {
    static func run(_ global: GlobalOptions, id: String, _ makeCommand: (CommandContext) throws -> IncidentCommand,
                    message: (Incident) -> String) throws {
        let context = try CommandContext(global)
        let id = try IncidentID.parse(id)
        let command = try makeCommand(context)
        let incident = try context.service(creating: false).execute(command, on: id)
        if global.json {
            Printer.json(IncidentDocument.json(incident, now: context.clock.now()))
        } else {
            print(message(incident))
        }
    }
}

struct CheckItem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-item",
        abstract: "Mark a playbook checklist item done.",
        discussion: HelpText.discussion("""
            Item ids are in `breach show` and `breach playbook show`. Required items
            of a stage must be checked before `breach advance` leaves it.
            """, examples: ["breach check-item INC-4 scope-confirmed"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "Checklist item id (see `breach show`).") var item: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .checkItem(item) }) { "\($0.id): checked \(item)" }
    }
}

struct Declare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Declare a security incident: starts the notification clocks.",
        discussion: HelpText.discussion("""
            Creates the playbook's obligations with their due times (GDPR-style ones
            run from --aware-at). Refused (67) if already declared or closed.
            --aware-at cannot be in the future.
            """, examples: [
                "breach declare INC-4 --aware-at 2026-11-28T09:12:00Z",
                "breach declare INC-4 --reason \"customer PII in the dump\"",
            ])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(name: .customLong("aware-at"), help: ArgumentHelp("When the organisation became aware (default: now).", valueName: "time")) var awareAt: String?
    @Option(help: "Why it is declared.") var reason: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in
            .declare(awareAt: try awareAt.map { try ArgumentValues.time($0, flag: "--aware-at") }, reason: reason)
        }) { incident in
            let times = global.times
            var lines = ["\(incident.id) declared at \(times.string(incident.declaredAt!)) (aware at \(times.string(incident.awareAt!)))"]
            for obligation in incident.obligations {
                lines.append("  \(obligation.id): due \(obligation.dueAt.map(times.string) ?? "when its anchor is recorded") — \(obligation.title)")
            }
            return lines.joined(separator: "\n")
        }
    }
}

struct Determine: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a materiality determination (the anchor of SEC-style obligations).",
        discussion: HelpText.discussion("""
            Starts the clocks anchored at the determination (e.g. the SEC 8-K's four
            business days). Once only.
            """, examples: ["breach determine INC-4 --at 2026-11-30T15:00:00Z"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: ArgumentHelp("When it was determined (default: now).", valueName: "time")) var at: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .determine(at: try at.map { try ArgumentValues.time($0, flag: "--at") }) }) {
            "\($0.id): materiality determined at \(global.times.string($0.determinedAt!))"
        }
    }
}

struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add a note to an incident.",
        discussion: HelpText.discussion("Up to 64 KiB; allowed on closed incidents too.",
                                        examples: ["breach note INC-4 \"rotated the leaked keys\""])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "The note.") var text: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .note(text) }) { "\($0.id): note added" }
    }
}

struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set the incident manager.",
        discussion: HelpText.discussion(examples: ["breach assign INC-4 alice"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "User name.") var user: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .assign(user) }) { "\($0.id) is assigned to \($0.assignee ?? "")" }
    }
}

struct Waive: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark an obligation as not required, with the written rationale.",
        discussion: HelpText.discussion("""
            Records the rationale and who waived it. A waiver after the due time
            does not undo the miss in the SLA report.
            """, examples: ["breach waive INC-4 notify-subjects \\\n      --reason \"legal: encrypted data, low risk (Art. 34(3)(a))\""])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "Obligation id (see `breach show`).", completion: Completions.obligation) var obligation: String
    @Option(help: "The rationale (required).") var reason: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .waive(obligationID: obligation, reason: reason) }) {
            "\($0.id): \(obligation) waived"
        }
    }
}

struct Close: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Close an incident; refused while any obligation is neither met nor waived.",
        discussion: HelpText.discussion("""
            Refused (67), naming them, while obligations are open: notify or waive
            them first.
            """, examples: ["breach close INC-4 --resolution \"keys rotated, bucket private\""])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: "How it was resolved (required).") var resolution: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .close(resolution: resolution) }) { "\($0.id) is closed" }
    }
}

struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reopen a closed incident at a stage.",
        discussion: HelpText.discussion("Closed incidents only; the incident resumes in the --to stage.",
                                        examples: ["breach reopen INC-4 --to diagnose --reason \"second exfiltration path found\""])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: ArgumentHelp("The stage to reopen at.", valueName: "stage"), completion: Completions.openStage) var to: String
    @Option(help: "Why (required).") var reason: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .reopen(to: try ArgumentValues.stage(to), reason: reason) }) {
            "\($0.id) is reopened in \($0.stage.rawValue)"
        }
    }
}

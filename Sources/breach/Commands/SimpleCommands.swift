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
        discussion: "Example: breach check-item INC-4 scope-confirmed"
    )
    @Argument(help: "Incident id.") var id: String
    @Argument(help: "Checklist item id (see `breach show`).") var item: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .checkItem(item) }) { "\($0.id): checked \(item)" }
    }
}

struct Declare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declare",
        abstract: "Declare a security incident: starts the notification clocks.",
        discussion: """
            Creates the playbook's obligations with their due times. Refused if already declared or closed.
            Example: breach declare INC-4 --aware-at 2026-11-28T09:12:00Z --reason "customer PII in the dump"
            """
    )
    @Argument(help: "Incident id.") var id: String
    @Option(name: .customLong("aware-at"), help: ArgumentHelp("When the organisation became aware (default: now).", valueName: "time")) var awareAt: String?
    @Option(help: "Why it is declared.") var reason: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in
            .declare(awareAt: try awareAt.map { try ArgumentValues.time($0, flag: "--aware-at") }, reason: reason)
        }) { incident in
            var lines = ["\(incident.id) declared at \(RFC3339.format(incident.declaredAt!)) (aware at \(RFC3339.format(incident.awareAt!)))"]
            for obligation in incident.obligations {
                lines.append("  \(obligation.id): due \(obligation.dueAt.map(RFC3339.format) ?? "when its anchor is recorded") — \(obligation.title)")
            }
            return lines.joined(separator: "\n")
        }
    }
}

struct Determine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "determine",
        abstract: "Record a materiality determination (the anchor of SEC-style obligations).",
        discussion: "Example: breach determine INC-4 --at 2026-11-30T15:00:00Z"
    )
    @Argument(help: "Incident id.") var id: String
    @Option(help: ArgumentHelp("When it was determined (default: now).", valueName: "time")) var at: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .determine(at: try at.map { try ArgumentValues.time($0, flag: "--at") }) }) {
            "\($0.id): materiality determined at \(RFC3339.format($0.determinedAt!))"
        }
    }
}

struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to an incident.",
                                                    discussion: "Example: breach note INC-4 \"rotated the leaked keys\"")
    @Argument(help: "Incident id.") var id: String
    @Argument(help: "The note.") var text: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .note(text) }) { "\($0.id): note added" }
    }
}

struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Set the incident manager.",
                                                    discussion: "Example: breach assign INC-4 alice")
    @Argument(help: "Incident id.") var id: String
    @Argument(help: "User name.") var user: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .assign(user) }) { "\($0.id) is assigned to \($0.assignee ?? "")" }
    }
}

struct Waive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waive",
        abstract: "Mark an obligation as not required, with the written rationale.",
        discussion: "Example: breach waive INC-4 notify-subjects --reason \"legal: encrypted data, low risk (Art. 34(3)(a))\""
    )
    @Argument(help: "Incident id.") var id: String
    @Argument(help: "Obligation id (see `breach show`).") var obligation: String
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
        commandName: "close",
        abstract: "Close an incident; refused while any obligation is neither met nor waived.",
        discussion: "Example: breach close INC-4 --resolution \"keys rotated, bucket private, customers notified\""
    )
    @Argument(help: "Incident id.") var id: String
    @Option(help: "How it was resolved (required).") var resolution: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .close(resolution: resolution) }) { "\($0.id) is closed" }
    }
}

struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen a closed incident at a stage.",
        discussion: "Example: breach reopen INC-4 --to diagnose --reason \"second exfiltration path found\""
    )
    @Argument(help: "Incident id.") var id: String
    @Option(help: ArgumentHelp("The stage to reopen at.", valueName: "stage")) var to: String
    @Option(help: "Why (required).") var reason: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .reopen(to: try ArgumentValues.stage(to), reason: reason) }) {
            "\($0.id) is reopened in \($0.stage.rawValue)"
        }
    }
}

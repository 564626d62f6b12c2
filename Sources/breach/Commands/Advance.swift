import ArgumentParser
import BreachKit

struct Advance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Move an incident to the next stage, or forward to --to.",
        discussion: """
            Refused while the playbook's required checklist items of the stage being left are open,
            unless --force --reason. Stages only move forward; use close and reopen to go back.
            Example: breach advance INC-4 --to diagnose --reason "scope confirmed"
            """
    )

    @Argument(help: "Incident id, e.g. INC-4.") var id: String
    @Option(help: ArgumentHelp("A later stage: assess, diagnose, stabilize (alias recover).", valueName: "stage")) var to: String?
    @Option(help: "Why (required with --force).") var reason: String?
    @Flag(help: "Skip open required checklist items (needs --reason).") var force = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let id = try IncidentID.parse(id)
        let target = try to.map { try ArgumentValues.stage($0) }
        let incident = try context.service(creating: false).execute(.advance(to: target, reason: reason, force: force), on: id)
        if global.json {
            Printer.json(IncidentDocument.json(incident, now: context.clock.now()))
        } else {
            print("\(incident.id) is now in \(incident.stage.rawValue)")
        }
    }
}

import ArgumentParser
import BreachKit

struct Advance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Move an incident to the next stage, or forward to --to.",
        discussion: HelpText.discussion("""
            Stages only move forward: detect -> assess -> diagnose -> stabilize.
            Refused (67) while required checklist items of the stage being left are
            open, unless --force --reason. Use close and reopen to go back.
            """, examples: [
                "breach advance INC-4",
                "breach advance INC-4 --to diagnose --reason \"scope confirmed\"",
            ])
    )

    @Argument(help: "Incident id, e.g. INC-4.", completion: Completions.incident) var id: String
    @Option(help: ArgumentHelp("A later stage (recover is an alias of stabilize).", valueName: "stage"),
            completion: Completions.laterStage) var to: Stage?
    @Option(help: "Why (required with --force).") var reason: String?
    @Flag(help: "Skip open required checklist items (needs --reason).") var force = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let id = try IncidentID.parse(id)
        let incident = try context.service(creating: false).execute(.advance(to: to, reason: reason, force: force), on: id)
        if global.json {
            Printer.json(IncidentDocument.json(incident, now: context.clock.now()))
        } else {
            print("\(incident.id) is now in \(context.terminal.stage(incident.stage.rawValue))")
        }
    }
}

import ArgumentParser
import BreachKit

struct Declare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declare",
        abstract: "Declare a security incident: starts the notification clocks.",
        discussion: HelpText.discussion("""
            Creates the playbook's obligations with their due times (GDPR-style ones
            run from --aware-at). Refused (67) if already declared or closed.
            --aware-at cannot be in the future. Each --regime PLAYBOOK attaches a
            further regime's obligations (ids PLAYBOOK/OBLIGATION). A due time that
            needs a year a calendar does not cover is refused (65).
            """, examples: [
                "breach declare INC-4 --aware-at 2026-11-28T09:12:00Z",
                "breach declare INC-4 --regime gdpr-personal-data --regime sec-material-cyber",
                "breach declare INC-4 --reason \"customer PII in the dump\"",
            ], exitStatuses: [(ExitStatus.invalidFile, "a due time needs a year its calendar does not cover")])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(name: .customLong("aware-at"), help: ArgumentHelp("When the organisation became aware (default: now).", valueName: "time")) var awareAt: String?
    @Option(help: "Why it is declared.") var reason: String?
    @Option(name: .customLong("regime"), help: ArgumentHelp("A further regime (playbook id) whose obligations attach too; repeatable.", valueName: "playbook"))
    var regimes: [String] = []
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in
            .declare(awareAt: try awareAt.map { try ArgumentValues.time($0, flag: "--aware-at") }, reason: reason, regimes: regimes)
        }) { incident in
            let times = global.times
            var lines = ["\(incident.id) declared at \(times.string(incident.declaredAt!)) (aware at \(times.string(incident.awareAt!)))"]
            for obligation in incident.obligations {
                lines.append("  \(obligation.id): due \(obligation.dueAt.map(times.string) ?? obligation.dueProblem ?? "when its anchor is recorded") — \(obligation.title)")
            }
            return lines.joined(separator: "\n")
        }
    }
}

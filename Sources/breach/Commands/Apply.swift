import ArgumentParser
import BreachKit

struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Attach a further regime's obligations to a declared incident.",
        discussion: HelpText.discussion("""
            The regime is a playbook id; its obligations get ids PLAYBOOK/OBLIGATION
            and due times from the incident's recorded times. Refused (67) when the
            regime is already applied, is the incident's own kind, or the incident is
            not declared; an unknown regime is 66.
            """, examples: ["breach apply INC-4 nis2-significant-incident \\\n      --reason \"essential entity: EU customers hit\""],
            exitStatuses: [(ExitStatus.invalidFile, "a due time needs a year its calendar does not cover")])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "The regime's playbook id (see `breach playbook list`).") var regime: String
    @Option(help: "Why the regime applies (required).") var reason: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .apply(regime: regime, reason: reason) }) { incident in
            let times = global.times
            var lines = ["\(incident.id): regime \(regime) applied"]
            for obligation in incident.obligations where obligation.regime == regime {
                lines.append("  \(obligation.id): due \(obligation.dueAt.map(times.string) ?? obligation.dueProblem ?? "when its anchor is recorded") — \(obligation.title)")
            }
            return lines.joined(separator: "\n")
        }
    }
}

import ArgumentParser
import BreachKit

struct Mark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Record an incident milestone (e.g. ransom-paid, classified-major), once.",
        discussion: HelpText.discussion("""
            Starts the clocks of obligations anchored on the milestone. The milestone
            must be named by the incident's playbook or an applied regime (else 66);
            marking it twice is refused (67).
            """, examples: ["breach mark INC-4 classified-major --at 2026-11-30T15:00:00Z"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "The milestone, as the playbook names it.") var milestone: String
    @Option(help: ArgumentHelp("When it happened (default: now).", valueName: "time")) var at: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .mark(milestone: milestone, at: try at.map { try ArgumentValues.time($0, flag: "--at") }) }) { incident in
            var lines = ["\(incident.id): milestone \(milestone) at \(global.times.string(incident.milestone(milestone)!))"]
            for obligation in incident.obligations where obligation.snapshot.rule?.anchor.milestones.contains(milestone) == true {
                lines.append("  \(obligation.id): due \(obligation.dueAt.map(global.times.string) ?? obligation.dueProblem ?? "when its anchor is recorded")")
            }
            return lines.joined(separator: "\n")
        }
    }
}

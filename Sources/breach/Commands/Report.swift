import ArgumentParser
import BreachKit

/// `breach report sla|notifications|summary`: reports for compliance and auditors.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for compliance: SLA per incident, every notification attempt, a summary.",
        discussion: HelpText.discussion("""
            Column definitions: docs/reports.md. Windows select by detection time
            (sla, summary) or attempt time (notifications); --since is inclusive,
            --until exclusive; YYYY-MM-DD or RFC 3339. Times are UTC.
            """, examples: [
                "breach report sla --since 2026-01-01 --until 2026-04-01 --output q1-sla.csv",
                "breach report sla --format html --output sla.html",
                "breach report notifications --incident INC-4",
                "breach report summary --since 2026-01-01",
            ], exitStatuses: [(ExitStatus.refused, "the --output file exists (add --force to overwrite it)")]),
        subcommands: [SLA.self, Notifications.self, Summary.self]
    )
}

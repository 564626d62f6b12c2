import ArgumentParser
import BreachKit
import Foundation

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one incident with its obligations and notifications.",
        discussion: HelpText.discussion("""
            Each open obligation shows its due time and the time left ("due in
            5h 12m", "overdue by 2h"). Times are UTC unless --local.
            """, examples: ["breach show INC-4", "breach show INC-4 --json"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let id = try IncidentID.parse(id)
        let incident = try context.service(creating: false).load(id)
        let now = context.clock.now()
        if global.json {
            Printer.json(IncidentDocument.json(incident, now: now))
            return
        }
        let terminal = context.terminal, times = context.times
        var lines = [
            "\(terminal.paint(incident.id, .bold))  \(incident.title)",
            "  kind:      \(incident.kind)",
            "  severity:  \(incident.severity.rawValue)",
            "  stage:     \(terminal.stage(incident.stage.rawValue))" + (incident.isOverdue(at: now) ? "  (\(terminal.verdict("OVERDUE")))" : ""),
            "  detected:  \(times.string(incident.detectedAt))",
            "  declared:  \(incident.declaredAt.map(times.string) ?? "not declared")",
        ]
        if let aware = incident.awareAt { lines.append("  aware:     \(times.string(aware))") }
        if let determined = incident.determinedAt { lines.append("  determined: \(times.string(determined))") }
        if let closed = incident.closedAt { lines.append("  closed:    \(times.string(closed)) — \(incident.resolution ?? "")") }
        lines.append("  assignee:  \(incident.assignee ?? "unassigned")")
        if let summary = incident.summary { lines.append("  summary:   \(summary)") }
        if !incident.regimes.isEmpty { lines.append("  regimes:   \(incident.regimes.map(\.id).joined(separator: ", "))") }
        for milestone in incident.milestones { lines.append("  milestone: \(milestone.name) at \(times.string(milestone.at))") }
        for fact in incident.facts { lines.append("  fact:      \(fact.key) = \(fact.value)") }
        if !incident.obligations.isEmpty {
            lines.append("  obligations:")
            for obligation in incident.obligations {
                let status = obligation.status(at: now)
                var detail = terminal.verdict(status.rawValue)
                if status == .met, let met = obligation.metAt { detail += " at \(times.string(met))" + (obligation.wasMetLate ? " (late)" : "") }
                if (status == .pending || status == .missed), let due = obligation.dueAt {
                    detail += ", " + terminal.countdown(seconds: due.timeIntervalSince(now))
                }
                lines.append("    \(obligation.id)  due \(obligation.dueAt.map(times.string) ?? "(anchor not recorded)")  \(detail)")
                // Who the obligation still waits for, e.g. after `contact remove` cancelled someone's notification.
                if let problem = obligation.dueProblem { lines.append("      due time unknown: \(problem)") }
                if let reason = obligation.withdrawalReason { lines.append("      withdrawn: \(reason)") }
                if let applied = obligation.appliedAt, obligation.withdrawnAt == nil {
                    let late = obligation.dueAt.map { $0 < applied } ?? false
                    lines.append("      applies since \(times.string(applied))\(late ? " (already past due when it began to apply)" : ""): \(obligation.appliedReason ?? "")")
                }
                for filed in obligation.filings {
                    lines.append("      filed at \(times.string(filed.filedAt)), reference \(filed.reference)" +
                                 (filed.evidence.map { "; evidence sha256 \($0.sha256)" } ?? ""))
                }
                if !obligation.supplements.isEmpty { lines.append("      supplements: \(obligation.supplements.count)") }
                let left = incident.leftToNotify(obligation.id)
                if obligation.isOutstanding && !left.isEmpty { lines.append("      left to notify: \(left.joined(separator: ", "))") }
            }
        }
        if !incident.dormantObligations.isEmpty {
            lines.append("  not applicable (applies_when does not hold):")
            for dormant in incident.dormantObligations { lines.append("    \(dormant.id)  \(dormant.rule?.appliesWhen?.text ?? "")") }
        }
        if !incident.notifications.isEmpty {
            lines.append("  notifications:")
            for notification in incident.notifications {
                lines.append("    \(notification.id)  \(terminal.verdict(notification.status.rawValue)), \(notification.attempts) attempt(s)" +
                             (notification.lastError.map { " — \($0)" } ?? ""))
            }
        }
        if !incident.notes.isEmpty {
            lines.append("  notes:")
            for note in incident.notes { lines.append("    \(times.string(note.at)) \(note.actor): \(note.text)") }
        }
        print(lines.joined(separator: "\n"))
    }
}

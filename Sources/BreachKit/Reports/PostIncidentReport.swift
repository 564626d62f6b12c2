import BreachDomain
import Foundation

/// `breach export ID --format md`: the post-incident report, documenting the breach as GDPR Art. 33(5)
/// asks (facts, effects, remedial action) and tied to the audit log by event hashes.
///
/// Deterministic: it depends only on the log and the effective `now`; recorded wall times never appear.
public struct PostIncidentReport: Sendable {
    public let incident: Incident
    /// Every delivery attempt of the incident, from the log.
    public let attempts: [NotificationAttemptRow]
    /// The incident's number of events, and its last event (sequence and hash).
    public let eventCount: Int
    public let lastEvent: (sequence: Int64, hash: String)
    /// The head of the whole log when the report was made.
    public let head: (sequence: Int64, hash: String)
    public let now: Date

    /// Reads everything the report needs from one consistent snapshot.
    public static func load(_ id: String, now: Date, in reader: any StoreReader) throws -> PostIncidentReport {
        let stored = try reader.events(of: id)
        let incident = try IncidentService.fold(id: id, stored)
        var attempts: [NotificationAttemptRow] = []
        try NotificationsReport(incidentID: id).forEachRow(in: reader) { attempts.append($0) }
        let last = stored.last!
        let head = try reader.head()
        return PostIncidentReport(incident: incident, attempts: attempts, eventCount: stored.count,
                                  lastEvent: (last.sequence, last.hash), head: (head.sequence, head.hash), now: now)
    }

    /// The Markdown document.
    public func markdown() -> String {
        var out: [String] = []
        let i = incident
        func time(_ date: Date?) -> String { date.map(RFC3339.format) ?? "—" }
        func hours(_ start: Date?, _ end: Date?) -> String { ReportHours.format(from: start, to: end).map { "\($0) h" } ?? "—" }
        let verdict = NotificationSLA.judge(declared: i.isDeclared, NotificationSLA.Tally(i.obligations, now: now))

        out.append("# Post-incident report: \(i.id) — \(Markdown.inline(i.title))")
        out.append("")
        out.append("Generated from the breach event log as of \(time(now)). All times are UTC. "
                   + "Durations are decimal hours. This document records the facts of the incident, its effects and the "
                   + "remedial action taken (GDPR Art. 33(5)).")
        out.append("")
        out.append("## Summary")
        out.append("")
        var facts: [[String]] = [
            ["Incident", i.id],
            ["Title", Markdown.cell(i.title)],
            ["Kind (playbook)", Markdown.cell(i.kind)],
            ["Severity", i.severity.rawValue],
            ["Current stage", i.stage.rawValue],
            ["Incident manager", i.assignee.map(Markdown.cell) ?? "unassigned"],
            ["Detected", time(i.detectedAt)],
            ["Became aware", i.awareAt.map(RFC3339.format) ?? "— (not declared)"],
            ["Declared", i.declaredAt.map(RFC3339.format) ?? "not declared"],
        ]
        if let determined = i.determinedAt { facts.append(["Materiality determined", RFC3339.format(determined)]) }
        facts.append(["Closed", i.closedAt.map(RFC3339.format) ?? "open"])
        if let resolution = i.resolution { facts.append(["Resolution", Markdown.cell(resolution)]) }
        facts.append(["Notification SLA", verdict.rawValue])
        facts.append(["Detection to close", i.closedAt == nil ? "— (open)" : hours(i.detectedAt, i.closedAt)])
        out.append(Markdown.table(["Field", "Value"], facts))
        if let summary = i.summary {
            out.append("")
            out.append("Description:")
            out.append("")
            out.append(Markdown.quote(summary))
        }

        out.append("")
        out.append("## Stage timeline")
        out.append("")
        let stageRows = i.stageIntervals.enumerated().map { index, interval -> [String] in
            let duration = interval.stage == .closed && interval.leftAt == nil
                ? "—" : ReportHours.format(seconds: interval.duration(until: now)) + " h" + (interval.leftAt == nil ? " (ongoing)" : "")
            return ["\(index + 1)", interval.stage.rawValue, time(interval.enteredAt), interval.leftAt.map(RFC3339.format) ?? "—", duration]
        }
        out.append(Markdown.table(["#", "Stage", "Entered", "Left", "Duration"], stageRows))
        var totals: [String] = []
        for stage in SLARow.reportedStages {
            let stints = i.stageIntervals.filter { $0.stage == stage }
            guard !stints.isEmpty else { continue }
            let seconds = stints.reduce(0) { $0 + $1.duration(until: now) }
            totals.append("\(stage.rawValue) \(ReportHours.format(seconds: seconds)) h" + (stints.count > 1 ? " (\(stints.count) stints)" : ""))
        }
        if !totals.isEmpty {
            out.append("")
            out.append("Time per stage: " + totals.joined(separator: "; ") + ".")
        }

        out.append("")
        out.append("## Declaration")
        out.append("")
        if let declaredAt = i.declaredAt {
            out.append("- Aware at: \(time(i.awareAt))")
            out.append("- Declared at: \(time(declaredAt)) (\(hours(i.detectedAt, declaredAt)) after detection, "
                       + "\(hours(i.awareAt, declaredAt)) after awareness)")
            if let reason = i.declarationReason { out.append("- Reason: " + Markdown.inline(reason)) }
            if let deadline = i.obligations.compactMap(\.dueAt).min() { out.append("- Earliest notification deadline: \(time(deadline))") }
        } else {
            out.append("Not declared: no notification obligations arose.")
        }

        out.append("")
        out.append("## Regimes")
        out.append("")
        out.append("- Own process (kind): " + Markdown.inline(i.kind))
        for regime in i.regimes {
            out.append("- \(Markdown.inline(regime.id)): applied at \(time(regime.at)) by \(Markdown.inline(regime.actor))"
                       + (regime.reason.map { " — " + Markdown.inline($0) } ?? " (with the declaration)"))
        }
        if !i.milestones.isEmpty {
            out.append("")
            out.append("Milestones:")
            out.append("")
            for milestone in i.milestones { out.append("- \(Markdown.inline(milestone.name)) at \(time(milestone.at)), marked by \(Markdown.inline(milestone.actor))") }
        }

        out.append("")
        out.append("## Facts")
        out.append("")
        if i.facts.isEmpty {
            out.append("None recorded (`breach facts \(i.id) --set KEY=VALUE`).")
        } else {
            out.append(Markdown.table(["Fact", "Value"], i.facts.map { [Markdown.cell($0.key), Markdown.cell($0.value)] }))
        }

        out.append("")
        out.append("## Obligations")
        out.append("")
        if i.obligations.isEmpty {
            out.append(i.isDeclared ? "The declaration created no obligations." : "None.")
        }
        for obligation in i.obligations {
            out.append(contentsOf: obligationSection(obligation))
        }
        if out.last == "" { out.removeLast() }

        out.append("")
        out.append("## Notes")
        out.append("")
        if i.notes.isEmpty { out.append("None.") }
        for note in i.notes {
            out.append("- \(time(note.at)), \(Markdown.inline(note.actor)):")
            out.append("")
            out.append(Markdown.quote(note.text).split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
            out.append("")
        }
        if !i.notes.isEmpty { out.removeLast() }

        out.append("")
        out.append("## Audit trail")
        out.append("")
        out.append("- Events of \(i.id): \(eventCount); last event: sequence \(lastEvent.sequence), SHA-256 `\(lastEvent.hash)`")
        out.append("- Log head when generated: sequence \(head.sequence), SHA-256 `\(head.hash)`")
        out.append("- Check the chain with `breach verify`; `breach timeline \(i.id)` lists every event.")
        out.append("")
        return out.joined(separator: "\n")
    }

    private func obligationSection(_ obligation: Obligation) -> [String] {
        func time(_ date: Date?) -> String { date.map(RFC3339.format) ?? "—" }
        var out: [String] = []
        out.append("### \(Markdown.inline(obligation.id)) — \(Markdown.inline(obligation.title))")
        out.append("")
        if let audience = obligation.snapshot.audienceText { out.append("- Audience: " + Markdown.inline(audience)) }
        out.append("- Due: " + (obligation.dueAt.map(RFC3339.format) ?? "— (its anchor is not recorded yet)"))
        let status = obligation.status(at: now)
        var statusText = status.rawValue
        if let metAt = obligation.metAt, let due = obligation.dueAt {
            let seconds = metAt.timeIntervalSince(due)
            statusText = "met at \(time(metAt)), " + (seconds > 0
                ? "late by \(ReportHours.format(seconds: seconds)) h"
                : "\(ReportHours.format(seconds: -seconds)) h before the deadline")
        } else if let metAt = obligation.metAt {
            statusText = "met at \(time(metAt))"
        } else if status == .missed, let due = obligation.dueAt {
            statusText = "missed: unmet, overdue by \(ReportHours.format(seconds: now.timeIntervalSince(due))) h"
        }
        out.append("- Status: " + statusText)
        if let waivedAt = obligation.waivedAt {
            out.append("- Waived at \(time(waivedAt)) by \(Markdown.inline(obligation.waivedBy ?? "unknown"))"
                       + (obligation.dueAt.map { waivedAt > $0 ? " (after the deadline)" : "" } ?? ""))
            out.append("- Waiver rationale: " + Markdown.inline(obligation.waiverReason ?? ""))
        }
        if let applied = obligation.appliedAt {
            out.append("- Applies since \(time(applied)): " + Markdown.inline(obligation.appliedReason ?? "")
                       + (obligation.dueAt.map { $0 < applied ? " (already past due when it began to apply)" : "" } ?? ""))
        }
        if let withdrawn = obligation.withdrawnAt {
            out.append("- Withdrawn at \(time(withdrawn)): " + Markdown.inline(obligation.withdrawalReason ?? ""))
        }
        if let source = obligation.snapshot.rule?.source { out.append("- Source: " + Markdown.inline(source)) }
        if let regime = obligation.regime { out.append("- Regime: " + Markdown.inline(regime)) }
        if let calendar = obligation.snapshot.calendar {
            out.append("- Calendar: \(Markdown.inline(calendar.id)) (\(Markdown.inline(calendar.timeZone)), covers \(calendar.coverageText))")
        }
        if let problem = obligation.dueProblem { out.append("- Due time unknown: " + Markdown.inline(problem)) }
        for filed in obligation.filings {
            var line = "- Filed (channel manual) at \(time(filed.filedAt)), reference " + Markdown.inline(filed.reference)
            if let evidence = filed.evidence {
                line += "; evidence \(Markdown.inline(evidence.name)), \(evidence.size) bytes, SHA-256 `\(evidence.sha256)`"
            }
            out.append(line)
        }
        for supplement in obligation.supplements {
            out.append("- Supplement \(supplement.number): " + Markdown.inline(supplement.reason))
        }
        let notifications = incident.notifications.filter { $0.obligationID == obligation.id }
        if notifications.isEmpty {
            out.append("- Notifications: none")
        } else {
            out.append("- Notifications:")
            out.append("")
            var rows: [[String]] = []
            for notification in notifications {
                let attempts = self.attempts.filter { $0.notificationID == notification.id }
                if attempts.isEmpty {
                    rows.append([Markdown.cell(notification.id), Markdown.cell(notification.contactID), notification.channel.rawValue,
                                 "—", time(notification.queuedAt), "queued", "—"])
                }
                for attempt in attempts {
                    var receipt = attempt.receipt.map(Markdown.cell) ?? "—"
                    if let status = attempt.httpStatus { receipt += " (HTTP \(status))" }
                    if let code = attempt.smtpCode { receipt += " (SMTP \(code))" }
                    if let error = attempt.error, attempt.outcome != .delivered, error != attempt.receipt { receipt += "; error: " + Markdown.cell(error) }
                    // Evidence recorded with --now far from the real clock says so (issue 18). The real time itself
                    // stays out, so the document is the same whenever it is exported; `report notifications --json` has it.
                    let at = attempt.backdated ? time(attempt.at) + " **backdated**" : time(attempt.at)
                    rows.append([Markdown.cell(notification.id), Markdown.cell(notification.contactID), notification.channel.rawValue,
                                 attempt.attempt.map(String.init) ?? "—", at, attempt.outcome.rawValue, receipt])
                }
            }
            out.append(Markdown.table(["Notification", "Contact", "Channel", "Attempt", "At", "Outcome", "Receipt"], rows))
        }
        out.append("")
        return out
    }
}

extension IncidentService {
    /// The post-incident report of incident `id` at the service clock's now.
    public func postIncidentReport(_ id: String) throws -> PostIncidentReport {
        let now = clock.now()
        return try store.read { reader in try PostIncidentReport.load(id, now: now, in: reader) }
    }
}

import Foundation

extension Incident {
    /// The checker's decision for one incident at `now`: every passed warning threshold and every newly
    /// missed deadline of an outstanding obligation, each recorded once, with alerts to `recipients`.
    ///
    /// Thresholds already passed are all recorded, so a checker that was down catches up once. Running it
    /// again on the resulting state decides nothing: the fold remembers what was recorded.
    public static func reviewDeadlines(_ state: Incident, now: Date, recipients: [Contact]) -> [IncidentEvent] {
        var events: [IncidentEvent] = []
        var warningAlerts: [IncidentEvent] = []
        var missedAlerts: [IncidentEvent] = []
        for obligation in state.obligations where obligation.isOutstanding {
            guard let dueAt = obligation.dueAt else { continue }
            if dueAt <= now {
                guard obligation.missedAt == nil else { continue }
                events.append(.deadlineMissed(obligationID: obligation.id, dueAt: dueAt))
                missedAlerts += Escalation.alerts(
                    incident: state, key: "\(obligation.id).missed", subject: "[breach] MISSED deadline: \(state.id) \(obligation.id)",
                    body: "Obligation \(obligation.id) of \(state.id) (\(state.title)) was \(missedDetail(dueAt: dueAt)) and is neither met nor waived.\nNotify now: `breach notify \(state.id)`.",
                    recipients: recipients)
                continue
            }
            for threshold in obligation.escalationThresholds where !obligation.warningsSent.contains(threshold) {
                guard dueAt.addingTimeInterval(-Double(threshold)) <= now else { continue }
                events.append(.deadlineWarning(obligationID: obligation.id, thresholdSeconds: threshold, dueAt: dueAt))
                let detail = warningDetail(thresholdSeconds: threshold, dueAt: dueAt)
                warningAlerts += Escalation.alerts(
                    incident: state, key: "\(obligation.id).warning-\(thresholdText(threshold))",
                    subject: "[breach] \(state.id) \(obligation.id): \(detail)",
                    body: "Obligation \(obligation.id) of \(state.id) (\(state.title)) is not met yet: \(detail).\nRun `breach notify \(state.id)` or `breach show \(state.id)`.",
                    recipients: recipients)
            }
        }
        // Warnings and misses first, then their alerts: the order the log has always had.
        return events + warningAlerts + missedAlerts
    }

    /// "24h before due 2026-…": how a warning is described to people.
    public static func warningDetail(thresholdSeconds: Int, dueAt: Date) -> String {
        "\(thresholdText(thresholdSeconds)) before due \(RFC3339.format(dueAt))"
    }

    /// "due 2026-…": how a missed deadline is described to people.
    public static func missedDetail(dueAt: Date) -> String {
        "due \(RFC3339.format(dueAt))"
    }

    /// A threshold as people say it: whole hours as `24h`, else minutes (`90m`).
    public static func thresholdText(_ seconds: Int) -> String {
        seconds % 3600 == 0 ? "\(seconds / 3600)h" : "\(seconds / 60)m"
    }
}

extension Obligation {
    /// The escalation thresholds (seconds before due) recorded in the obligation's snapshot, largest first.
    public var escalationThresholds: [Int] { snapshot.escalationThresholds }
}

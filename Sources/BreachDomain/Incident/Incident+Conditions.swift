import Foundation

/// Conditional obligations (`applies_when:`): which apply at declaration, and what a fact change starts
/// or withdraws. Decided here, recorded as events (`obligation.now_applies`, `obligation.withdrawn`), so
/// the log says why an obligation appeared or went, and the fold only replays it.
extension Incident {
    /// `snapshots` with `applies` false for those whose condition does not hold on the current facts.
    func markConditional(_ snapshots: [ObligationSnapshot]) -> [ObligationSnapshot] {
        snapshots.map { snapshot in
            var marked = snapshot
            if let condition = snapshot.rule?.appliesWhen { marked.applies = condition.holds(fact) }
            return marked
        }
    }

    /// The obligations that start or stop applying when `changed` facts are set.
    ///
    /// One that starts is created with its due time from its anchor (which may already be past: lateness
    /// is shown, not hidden); a withdrawn one whose condition holds again is reinstated with the due time
    /// it had. One that stops is withdrawn with the fact change as its reason, and its pending
    /// notifications are cancelled; a met or waived one is history and stays as it is.
    func conditionChanges(after changed: [FactsSet.Fact]) -> [IncidentEvent] {
        var newValues: [String: String] = [:]
        for fact in changed { newValues[fact.key] = fact.value }
        let after: (String) -> String? = { key in newValues[key] ?? self.fact(key) }
        func reason(_ condition: FactCondition, holds: Bool) -> String {
            let changes = condition.facts.compactMap { key -> String? in
                guard let value = newValues[key], value != fact(key) else { return nil }
                return "\(key) set to \(value) (was \(fact(key) ?? "not set"))"
            }
            return changes.joined(separator: ", ") + ": " + condition.text + (holds ? " holds" : " no longer holds")
        }
        var events: [IncidentEvent] = []
        for snapshot in dormantObligations {
            guard let condition = snapshot.rule?.appliesWhen, condition.holds(after) else { continue }
            let due = (try? snapshot.dueDate(times: times)) ?? nil
            events.append(.obligationNowApplies(ObligationNowApplies(obligationID: snapshot.id, dueAt: due, reason: reason(condition, holds: true))))
        }
        for obligation in obligations {
            guard let condition = obligation.snapshot.rule?.appliesWhen else { continue }
            let holds = condition.holds(after)
            if obligation.withdrawnAt != nil, holds {
                events.append(.obligationNowApplies(ObligationNowApplies(obligationID: obligation.id, dueAt: obligation.dueAt,
                                                                         reason: reason(condition, holds: true))))
            } else if obligation.isOutstanding, !holds {
                let why = reason(condition, holds: false)
                events.append(.obligationWithdrawn(ObligationWithdrawn(obligationID: obligation.id, reason: why)))
                for notification in notifications where notification.obligationID == obligation.id && notification.isPending {
                    events.append(.notificationCancelled(notificationID: notification.id, obligationID: obligation.id,
                                                         contactID: notification.contactID, channel: notification.channel,
                                                         reason: "obligation withdrawn: " + why))
                }
            }
        }
        return events
    }

    /// Refuses work on an obligation that no longer applies, naming why.
    func refuseIfWithdrawn(_ obligation: Obligation) throws(BreachError) {
        guard obligation.withdrawnAt != nil else { return }
        throw .refused("\(obligation.id) of \(id) is withdrawn (\(obligation.withdrawalReason ?? "its condition no longer holds")); it is no longer owed")
    }
}

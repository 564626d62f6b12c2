import Foundation

extension Incident {
    /// Folds a whole stream into the current state; nil for an empty stream.
    public static func replay(id: String, _ events: [RecordedIncidentEvent]) -> Incident? {
        var state: Incident?
        for event in events { evolve(&state, event, id: id) }
        return state
    }

    /// Applies one event to the state. Pure and total: events are facts, so nothing here refuses.
    public static func evolve(_ state: Incident?, _ recorded: RecordedIncidentEvent, id: String) -> Incident? {
        var next = state
        evolve(&next, recorded, id: id)
        return next
    }

    /// Applies one event to the state in place (see `evolve(_:_:id:)`).
    ///
    /// Folding a long stream through the returning variant copies the incident's arrays at every event
    /// (the old value is still alive while the new one is built); in place, they grow where they are.
    public static func evolve(_ state: inout Incident?, _ recorded: RecordedIncidentEvent, id: String) {
        if case let .detected(title, kind, severity, summary) = recorded.event {
            var incident = Incident(id: id, title: title, kind: kind, severity: severity, summary: summary, detectedAt: recorded.effectiveAt)
            incident.stageIntervals = [StageInterval(stage: .detect, enteredAt: recorded.effectiveAt)]
            incident.version = 1
            state = incident
            return
        }
        // Moved out and back rather than mutated through `state!`, which copied the whole incident.
        guard var incident = state.take() else { return }
        incident.apply(recorded)
        incident.version += 1
        state = incident
    }

    private mutating func apply(_ recorded: RecordedIncidentEvent) {
        let at = recorded.effectiveAt
        switch recorded.event {
        case .detected:
            break
        case let .stageAdvanced(_, to, _, _):
            enterStage(to, at: at)
        case let .checklistItemChecked(stage, item):
            checkedItems.append(CheckedItem(stage: stage, item: item, at: at, actor: recorded.actor))
        case let .declared(awareAt, reason, obligations):
            declaredAt = at
            self.awareAt = awareAt
            declarationReason = reason
            self.obligations = obligations.filter(\.applies).map(Obligation.init)
            dormantObligations += obligations.filter { !$0.applies }
        case let .materialityDetermined(determined):
            determinedAt = determined
            scheduleObligations()
        case let .noteAdded(text):
            notes.append(Note(text: text, at: at, actor: recorded.actor))
        case let .assigned(assignee):
            self.assignee = assignee
        case let .contactLinked(contactID):
            if index.link(contactID) { affectedContacts.append(contactID) }
        case let .obligationWaived(obligationID, reason):
            updateObligation(obligationID) {
                $0.waivedAt = at
                $0.waiverReason = reason
                $0.waivedBy = recorded.actor
            }
        case let .deadlineWarning(obligationID, threshold, _):
            updateObligation(obligationID) { if !$0.warningsSent.contains(threshold) { $0.warningsSent.append(threshold) } }
        case let .deadlineMissed(obligationID, _):
            updateObligation(obligationID) { if $0.missedAt == nil { $0.missedAt = at } }
        case let .notificationQueued(queued):
            if index.positions[queued.notificationID] == nil {
                let notification = IncidentNotification(queued, queuedAt: at)
                index.added(notification, at: notifications.count)
                notifications.append(notification)
            }
        case let .notificationAttempted(attempt):
            updateNotification(attempt.notificationID) {
                $0.status = .retrying
                $0.attempts += 1
                $0.lastError = attempt.errorOrReceipt
                $0.lastReceipt = attempt.receipt
                $0.nextAttemptAt = attempt.nextAttemptAt
            }
        case let .notificationDelivered(attempt):
            updateNotification(attempt.notificationID) {
                $0.status = .delivered
                $0.attempts += 1
                $0.lastError = nil
                $0.lastReceipt = attempt.receipt
                $0.deliveredAt = at
                $0.nextAttemptAt = nil
            }
            // The obligation is the queued notification's: a delivery payload need not repeat it.
            let queued = notification(attempt.notificationID)
            if let obligationID = queued?.obligationID ?? attempt.obligationID {
                settleObligation(obligationID, at: at)
                scheduleObligations()
            }
        case let .notificationFailed(attempt):
            updateNotification(attempt.notificationID) {
                $0.status = .failed
                $0.attempts += attempt.countsAsAttempt ? 1 : 0
                $0.lastError = attempt.errorOrReceipt
                $0.lastReceipt = attempt.receipt
                $0.failedAt = at
                $0.nextAttemptAt = nil
            }
        case let .notificationCancelled(notificationID, obligationID, _, _, reason):
            guard let position = index.positions[notificationID], notifications[position].isPending else { break }
            updateNotification(notificationID) {
                $0.status = .cancelled
                $0.cancelledAt = at
                $0.lastError = "cancelled: " + reason
                $0.nextAttemptAt = nil
            }
            // Whoever is left may all have accepted already: the obligation is then met as of the last of
            // those deliveries (not now — lateness is judged at the deliveries, never at a registry edit).
            // A scan, but of a rare event: a contact leaving the registry.
            if index.everyTargetDelivered(of: obligationID),
               let lastDelivery = notifications.lazy.filter({ $0.obligationID == obligationID }).compactMap(\.deliveredAt).max() {
                settleObligation(obligationID, at: lastDelivery)
                scheduleObligations()
            }
        case let .closed(resolution):
            self.resolution = resolution
            enterStage(.closed, at: at)
            closedAt = at
        case let .reopened(to, _):
            enterStage(to, at: at)
            closedAt = nil
            resolution = nil
        case let .regimeApplied(applied):
            regimes.append(AppliedRegime(id: applied.regime, at: at, reason: applied.reason, actor: recorded.actor))
            obligations += applied.obligations.filter(\.applies).map(Obligation.init)
            dormantObligations += applied.obligations.filter { !$0.applies }
            scheduleObligations()
        case let .milestoneMarked(marked):
            if milestone(marked.milestone) == nil {
                milestones.append(MarkedMilestone(name: marked.milestone, at: marked.at, actor: recorded.actor))
                scheduleObligations()
            }
        case let .obligationFiled(filed):
            updateObligation(filed.obligationID) {
                $0.filings.append(filed)
                if $0.metAt == nil { $0.metAt = filed.filedAt }
            }
            scheduleObligations()
        case let .supplementRecorded(supplement):
            updateObligation(supplement.obligationID) { $0.supplements.append(supplement) }
        case let .factsSet(set):
            for fact in set.facts {
                if let position = facts.firstIndex(where: { $0.key == fact.key }) { facts[position] = fact } else { facts.append(fact) }
            }
        case let .obligationNowApplies(applies):
            if let position = obligations.firstIndex(where: { $0.id == applies.obligationID }) {
                // Reinstated: its due time, once set, never moves.
                obligations[position].withdrawnAt = nil
                obligations[position].withdrawalReason = nil
                obligations[position].appliedAt = at
                obligations[position].appliedReason = applies.reason
            } else if let position = dormantObligations.firstIndex(where: { $0.id == applies.obligationID }) {
                var snapshot = dormantObligations.remove(at: position)
                snapshot.applies = true
                snapshot.dueAt = applies.dueAt
                var obligation = Obligation(snapshot)
                obligation.appliedAt = at
                obligation.appliedReason = applies.reason
                obligations.append(obligation)
            }
            scheduleObligations()
        case let .obligationWithdrawn(withdrawn):
            updateObligation(withdrawn.obligationID) {
                $0.withdrawnAt = at
                $0.withdrawalReason = withdrawn.reason
            }
        }
    }

    /// Gives a due time to obligations whose anchor has just been recorded (a determination, or the
    /// fulfilment of the obligation they follow). Due times, once set, never move.
    ///
    /// The exception is an `earliest` anchor: its due time is the earliest of the terms known so far, so a
    /// term recorded later (a classification as major after awareness) can only bring it forward.
    /// A due time a calendar cannot give (a year it does not cover) stays unknown and is flagged.
    mutating func scheduleObligations() {
        let times = self.times
        for index in obligations.indices {
            let obligation = obligations[index]
            let isEarliest: Bool
            if case .earliest? = obligation.snapshot.rule?.anchor { isEarliest = true } else { isEarliest = false }
            guard obligation.dueAt == nil || (isEarliest && obligation.metAt == nil) else { continue }
            do {
                guard let due = try obligation.snapshot.dueDate(times: times) else { continue }
                if let current = obligation.dueAt, current <= due { continue }
                obligations[index].dueAt = due
                obligations[index].dueProblem = nil
            } catch {
                if obligation.dueAt == nil { obligations[index].dueProblem = error.description }
            }
        }
    }

    private mutating func enterStage(_ next: Stage, at: Date) {
        if let last = stageIntervals.indices.last, stageIntervals[last].leftAt == nil {
            stageIntervals[last].leftAt = at
        }
        stageIntervals.append(StageInterval(stage: next, enteredAt: at))
        stage = next
    }

    private mutating func updateObligation(_ id: String, _ change: (inout Obligation) -> Void) {
        guard let index = obligations.firstIndex(where: { $0.id == id }) else { return }
        change(&obligations[index])
    }

    private mutating func updateNotification(_ id: String, _ change: (inout IncidentNotification) -> Void) {
        guard let position = index.positions[id] else { return }
        let old = notifications[position].status
        change(&notifications[position])
        index.changed(notifications[position], from: old)
    }

    /// Marks an obligation met once every (contact, channel) it notified has a delivery.
    ///
    /// Cancelled notifications (their contact was removed) are no longer required.
    private mutating func settleObligation(_ id: String, at: Date) {
        guard let position = obligations.firstIndex(where: { $0.id == id }), obligations[position].metAt == nil else { return }
        // `met_when: first`: the first accepted delivery is the filing; later ones do not move it.
        if obligations[position].snapshot.rule?.metWhen == .first { obligations[position].metAt = at; return }
        // Counted as the notifications changed (`NotificationIndex`), not by filtering them all per delivery.
        if index.everyTargetDelivered(of: id) { obligations[position].metAt = at }
    }
}

import BreachDomain
import Foundation

/// Which of an incident's read-model rows a batch of appended events can have changed.
///
/// An append projects only these (plus the incident's own row), so recording the outcomes of one chunk
/// of deliveries costs the rows of that chunk, not every notification the incident has: with n
/// notifications recorded in chunks, rewriting them all per chunk was O(n²). Backend-neutral: every
/// backend's `ProjectionWriter` can scope its writes the same way.
///
/// Obligations and stage intervals are few per incident (bounded by the playbook, not the audience), so
/// they are rewritten whole whenever an event may have changed any of them; notifications are written one
/// by one, those the events name.
public struct ProjectionScope: Equatable, Sendable {
    /// The stage intervals may have changed (a detection, a stage change, a close or a reopen).
    public var stageIntervals = false
    /// Some obligation (or its due work) may have changed: anything but queueing, failed or retried
    /// attempts and annotations can move a due time, meet, waive, warn or miss one.
    public var obligations = false
    /// The notifications the events name, each once, in the order first named.
    public var notificationIDs: [String] = []

    /// The scope of `events`, appended in this order.
    public init(_ events: [IncidentEvent]) {
        var named = Set<String>()
        func touch(_ id: String) { if named.insert(id).inserted { notificationIDs.append(id) } }
        for event in events {
            switch event {
            case .detected, .stageAdvanced, .closed, .reopened:
                stageIntervals = true
                obligations = true
            case .checklistItemChecked, .noteAdded, .assigned, .contactLinked, .factsSet, .supplementRecorded:
                break
            case .regimeApplied, .milestoneMarked, .obligationFiled, .obligationNowApplies, .obligationWithdrawn:
                obligations = true
            case .declared, .materialityDetermined, .obligationWaived, .deadlineWarning, .deadlineMissed:
                obligations = true
            case let .notificationQueued(queued):
                touch(queued.notificationID)
            case let .notificationAttempted(attempt), let .notificationFailed(attempt):
                touch(attempt.notificationID)
            case let .notificationDelivered(attempt):
                // A delivery can meet its obligation, which can anchor another's due time.
                touch(attempt.notificationID)
                obligations = true
            case let .notificationCancelled(notificationID, _, _, _, _):
                // A cancellation can leave its obligation met by the deliveries already made.
                touch(notificationID)
                obligations = true
            }
        }
    }
}

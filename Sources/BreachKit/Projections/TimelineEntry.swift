import BreachDomain
import Foundation

/// One line of an incident's timeline: when, who, and what happened in words.
public enum TimelineEntry {
    /// An incident's timeline, oldest first: the stored summaries beside their events' time, type and actor.
    static let query = """
        SELECT timeline.sequence, events.effective_at AS at, events.type, events.actor, timeline.summary
        FROM timeline JOIN events ON events.sequence = timeline.sequence
        WHERE timeline.incident_id = ? ORDER BY timeline.sequence
        """

    /// A one-line human description of an event.
    public static func summary(of event: IncidentEvent) -> String {
        switch event {
        case let .detected(title, kind, severity, _): return "detected \"\(title)\" (\(kind), \(severity.rawValue))"
        case let .stageAdvanced(from, to, reason, forced):
            return "advanced \(from.rawValue) → \(to.rawValue)" + (forced ? " (forced)" : "") + (reason.map { ": \($0)" } ?? "")
        case let .checklistItemChecked(stage, item): return "checked \(stage.rawValue)/\(item)"
        case let .declared(awareAt, reason, obligations):
            return "declared (aware at \(RFC3339.format(awareAt)); \(obligations.count) obligation\(obligations.count == 1 ? "" : "s"))" + (reason.map { ": \($0)" } ?? "")
        case let .materialityDetermined(at): return "materiality determined at \(RFC3339.format(at))"
        case let .noteAdded(text): return "note: " + oneLine(text.count > 120 ? String(text.prefix(117)) + "..." : text)
        case let .assigned(assignee): return "assigned to \(assignee)"
        case let .contactLinked(contactID): return "linked contact \(contactID)"
        case let .obligationWaived(obligationID, reason): return "waived \(obligationID): \(reason)"
        case let .deadlineWarning(obligationID, threshold, dueAt):
            return "warning: \(obligationID) due in \(threshold / 3600)h (at \(RFC3339.format(dueAt)))"
        case let .deadlineMissed(obligationID, dueAt): return "MISSED deadline of \(obligationID) (due \(RFC3339.format(dueAt)))"
        case let .notificationQueued(payload):
            return "queued \(payload["channel"]?.stringValue ?? "?") to \(payload["contact_id"]?.stringValue ?? "?") for \(payload["obligation_id"]?.stringValue ?? "?")"
        case let .notificationAttempted(payload):
            return "attempt \(payload["attempt"]?.intValue ?? 0) of \(payload["notification_id"]?.stringValue ?? "?") failed, will retry: \(payload["receipt"]?.stringValue ?? "")"
        case let .notificationDelivered(payload):
            return "delivered \(payload["notification_id"]?.stringValue ?? "?"): \(payload["receipt"]?.stringValue ?? "")"
        case let .notificationFailed(payload):
            return "FAILED \(payload["notification_id"]?.stringValue ?? "?"): \(payload["receipt"]?.stringValue ?? "")"
        case let .closed(resolution): return "closed: \(resolution)"
        case let .reopened(to, reason): return "reopened to \(to.rawValue): \(reason)"
        }
    }

    /// `text` with line feeds turned into spaces (scalar by scalar, so a CR LF keeps its CR as before).
    static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\n")) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" ? " " : $0 }))
    }
}

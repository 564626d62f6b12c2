import BreachDomain
import Foundation

/// One line of an incident's timeline: when, who, and what happened in words.
public enum TimelineEntry {
    /// A one-line human description of an event.
    public static func summary(of event: IncidentEvent) -> String {
        // Joined rather than interpolated: interpolation grows the string piece by piece, and a rebuild
        // writes one summary per event.
        switch event {
        case let .detected(title, kind, severity, _): return joined("detected \"", title, "\" (", kind, ", ", severity.rawValue, ")")
        case let .stageAdvanced(from, to, reason, forced):
            return joined("advanced ", from.rawValue, " → ", to.rawValue, forced ? " (forced)" : "", reason == nil ? "" : ": ", reason ?? "")
        case let .checklistItemChecked(stage, item): return joined("checked ", stage.rawValue, "/", item)
        case let .declared(awareAt, reason, obligations):
            return joined("declared (aware at ", RFC3339.format(awareAt), "; ", String(obligations.count),
                          obligations.count == 1 ? " obligation)" : " obligations)", reason == nil ? "" : ": ", reason ?? "")
        case let .materialityDetermined(at): return joined("materiality determined at ", RFC3339.format(at))
        case let .noteAdded(text): return joined("note: ", oneLine(isLongNote(text) ? String(text.prefix(117)) + "..." : text))
        case let .assigned(assignee): return joined("assigned to ", assignee)
        case let .contactLinked(contactID): return joined("linked contact ", contactID)
        case let .obligationWaived(obligationID, reason): return joined("waived ", obligationID, ": ", reason)
        case let .deadlineWarning(obligationID, threshold, dueAt):
            return joined("warning: ", obligationID, " due in ", String(threshold / 3600), "h (at ", RFC3339.format(dueAt), ")")
        case let .deadlineMissed(obligationID, dueAt): return joined("MISSED deadline of ", obligationID, " (due ", RFC3339.format(dueAt), ")")
        case let .notificationQueued(queued):
            return joined("queued ", queued.channel.rawValue, " to ", queued.contactID, " for ", queued.obligationID)
        case let .notificationAttempted(attempt):
            return joined("attempt ", String(attempt.attempt ?? 0), " of ", attempt.notificationID, " failed, will retry: ", attempt.receipt ?? "")
        case let .notificationDelivered(attempt):
            return joined("delivered ", attempt.notificationID, ": ", attempt.receipt ?? "")
        case let .notificationFailed(attempt):
            return joined("FAILED ", attempt.notificationID, ": ", attempt.receipt ?? "")
        case let .notificationCancelled(notificationID, _, _, _, reason): return joined("cancelled ", notificationID, ": ", reason)
        case let .closed(resolution): return joined("closed: ", resolution)
        case let .reopened(to, reason): return joined("reopened to ", to.rawValue, ": ", reason)
        case let .regimeApplied(applied):
            return joined("applied regime ", applied.regime, " (", String(applied.obligations.count),
                          applied.obligations.count == 1 ? " obligation)" : " obligations)", applied.reason == nil ? "" : ": ", applied.reason ?? "")
        case let .milestoneMarked(marked): return joined("milestone ", marked.milestone, " at ", RFC3339.format(marked.at))
        case let .obligationFiled(filed):
            return joined("filed ", filed.obligationID, " at ", RFC3339.format(filed.filedAt), " (reference ", filed.reference, ")",
                          filed.evidence == nil ? "" : "; evidence sha256 ", filed.evidence?.sha256 ?? "")
        case let .supplementRecorded(supplement):
            return joined("supplement ", String(supplement.number), " to ", supplement.obligationID, ": ", supplement.reason)
        case let .factsSet(set): return joined("facts set: ", set.facts.map(\.key).joined(separator: ", "))
        case let .obligationNowApplies(applies):
            return joined("now applies: ", applies.obligationID, " (due ", applies.dueAt.map(RFC3339.format) ?? "when its anchor is recorded",
                          "): ", applies.reason)
        case let .obligationWithdrawn(withdrawn): return joined("WITHDRAWN ", withdrawn.obligationID, ": ", withdrawn.reason)
        }
    }

    /// Whether a note is longer than the 120 characters a summary shows.
    ///
    /// Counting characters walks grapheme boundaries; a character takes at least one byte, so a note of
    /// at most 120 bytes — nearly all of them — is short without counting.
    static func isLongNote(_ text: String) -> Bool {
        text.utf8.count > 120 && text.count > 120
    }

    /// `parts` end to end, built in one allocation of the exact size.
    static func joined(_ parts: String...) -> String {
        var count = 0
        for part in parts { count += part.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var offset = 0
            for part in parts {
                let (_, written) = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(from: part.utf8)
                offset += written
            }
            return offset
        }
    }

    /// `text` with line feeds turned into spaces (scalar by scalar, so a CR LF keeps its CR as before).
    static func oneLine(_ text: String) -> String {
        // Searched in the contiguous bytes where possible: the generic `contains` went byte by byte through the view.
        let hasLineFeed = text.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "\n")) }
            ?? text.utf8.contains(UInt8(ascii: "\n"))
        guard hasLineFeed else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" ? " " : $0 }))
    }
}

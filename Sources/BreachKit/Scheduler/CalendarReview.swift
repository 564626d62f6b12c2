import BreachDomain
import Foundation

/// What `breach check` says about calendars: open obligations whose due time could not be computed
/// (a calendar that does not cover the year), and open obligations whose calendar file was corrected
/// after their due time was computed from the copy kept in the snapshot.
///
/// Due times never move by themselves (a correction could move a deadline someone already planned on),
/// so the check warns every run until the obligation is met or waived; the warning names the change.
public enum CalendarReview {
    /// One warning line per affected obligation.
    public static func warnings(open incidents: [Incident], current calendars: [String: BusinessCalendar]) -> [DeadlineChecker.Item] {
        var items: [DeadlineChecker.Item] = []
        for incident in incidents where !incident.isClosed {
            for obligation in incident.obligations where obligation.isOutstanding {
                if let problem = obligation.dueProblem {
                    items.append(DeadlineChecker.Item(incidentID: incident.id, obligationID: obligation.id,
                                                      detail: "due time unknown: \(problem); waive it or track it by hand"))
                    continue
                }
                guard let used = obligation.snapshot.calendar else { continue }
                guard let now = calendars[used.id] else { continue }
                guard now.differsInRules(from: used) else { continue }
                items.append(DeadlineChecker.Item(incidentID: incident.id, obligationID: obligation.id,
                                                  detail: "calendar \(used.id) was corrected after this due time was computed (\(change(from: used, to: now))); the due time \(obligation.dueAt.map(RFC3339.format) ?? "to come") still uses the old copy, check it by hand"))
            }
        }
        return items
    }

    /// The change in words: holidays added and removed, zone or coverage changed.
    static func change(from old: BusinessCalendar, to new: BusinessCalendar) -> String {
        var parts: [String] = []
        let added = Set(new.holidays).subtracting(old.holidays).sorted()
        let removed = Set(old.holidays).subtracting(new.holidays).sorted()
        if !added.isEmpty { parts.append("holidays added: \(added.joined(separator: ", "))") }
        if !removed.isEmpty { parts.append("holidays removed: \(removed.joined(separator: ", "))") }
        if old.timeZone != new.timeZone { parts.append("time zone \(old.timeZone) → \(new.timeZone)") }
        if old.firstYear != new.firstYear || old.lastYear != new.lastYear { parts.append("covers \(old.coverageText) → \(new.coverageText)") }
        return parts.joined(separator: "; ")
    }
}

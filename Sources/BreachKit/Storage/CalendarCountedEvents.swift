import BreachDomain
import Foundation

/// The events that snapshot an obligation counted in a calendar: declarations and applied regimes whose
/// payload holds a calendar.
///
/// They are few next to the log, so both backends keep a partial index of exactly them (SQLite v8,
/// PostgreSQL migration 3), and `check`'s calendar review finds its incidents without reading every declaration's
/// payload on every run (it folded every open incident before; reading the payloads cost 650 M
/// instructions over 10,000 incidents).
enum CalendarCountedEvents {
    /// The condition over an `events` row aliased `alias`, spelled identically in the index and the query
    /// so that the planner can use the index. `position` is the dialect's substring position function
    /// (`instr` in SQLite, `strpos` in PostgreSQL). Types are compared one by one, not with `IN (…)`, for
    /// the reason given at `Backdating.sqlCondition`.
    static func sqlCondition(alias: String, position: String) -> String {
        let types = ["incident.declared", RegimeApplied.type].map { "\(alias)type = '\($0)'" }.joined(separator: " OR ")
        return "(\(types)) AND \(position)(\(alias)payload, '\(ObligationSnapshot.storedCalendarMarker)') > 0"
    }
}

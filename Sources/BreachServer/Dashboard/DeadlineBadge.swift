import BreachKit
import Foundation

/// The time left to a deadline, as text and as a colour class (the colour never carries meaning alone).
enum DeadlineBadge {
    /// `overdue` (past), `soon` (within 24 h), `ok` (later) or `none` (no outstanding deadline).
    static func level(secondsLeft: Double?) -> String {
        guard let secondsLeft else { return "none" }
        return secondsLeft < 0 ? "overdue" : secondsLeft < 86_400 ? "soon" : "ok"
    }

    static func html(due: Date?, now: Date) -> String {
        guard let due else { return "<span class=\"deadline none\">no deadline</span>" }
        let seconds = due.timeIntervalSince(now)
        let level = level(secondsLeft: seconds)
        let marker = level == "overdue" ? "⚠ " : ""
        return "<span class=\"deadline \(level)\">\(marker)\(PageLayout.e(Countdown.describe(seconds: seconds)))</span>"
            + " <time datetime=\"\(RFC3339.format(due))\">\(RFC3339.format(due))</time>"
    }
}

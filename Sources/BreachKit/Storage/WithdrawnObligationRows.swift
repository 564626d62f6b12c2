import BreachDomain
import Foundation

/// How both backends tell a withdrawn obligation in the `obligations` read model.
///
/// The read model has no columns of its own for a withdrawal (adding them would need a migration on both
/// backends): a withdrawn obligation is projected into the waiver columns, so that every query that asks
/// "is it still owed?" (`check`, overdue, next deadline) already skips it, with `waived_by` set to
/// `ObligationWithdrawn.actor` and the reason starting with `ObligationWithdrawn.reasonPrefix`. The reports
/// then leave such rows out of the SLA verdict (a withdrawn obligation was never owed: it is neither
/// waived nor missed) and `list` and the metrics call them withdrawn.
enum WithdrawnObligationRows {
    /// True for a row of a withdrawn obligation (both columns must match, so a person who chose
    /// `(condition)` as their actor name and waived an obligation is still shown as waiving it).
    static func isWithdrawn(waivedBy: String?, waiverReason: String?) -> Bool {
        waivedBy == ObligationWithdrawn.actor && (waiverReason?.hasPrefix(ObligationWithdrawn.reasonPrefix) ?? false)
    }

    /// The same test as SQL over an `obligations` row aliased `alias` (`"o."` or `""`), spelled the same in
    /// SQLite and PostgreSQL, and never NULL (so `NOT` of it keeps every other row).
    static func sqlCondition(alias: String = "") -> String {
        let prefix = ObligationWithdrawn.reasonPrefix
        return "(COALESCE(\(alias)waived_by, '') = '\(ObligationWithdrawn.actor)'"
            + " AND COALESCE(substr(\(alias)waiver_reason, 1, \(prefix.count)), '') = '\(prefix)')"
    }
}

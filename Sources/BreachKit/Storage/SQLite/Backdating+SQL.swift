import BreachDomain
import Foundation

extension Backdating {
    /// The same test in SQL over an `events` row aliased `alias`: the expression of the partial index
    /// `events_backdated` (migration v7), spelled identically so that SQLite can use that index.
    ///
    /// The types are compared one by one, not with `type IN (…)`: SQLite evaluates a partial index's
    /// condition on every INSERT, and an IN list there builds a temporary b-tree per row (OpenEphemeral),
    /// which made every append 1.6× as expensive (issue 13's benchmark, `append` row).
    static func sqlCondition(alias: String) -> String {
        let types = evidenceTypes.map { "\(alias)type = '\($0)'" }.joined(separator: " OR ")
        return "(\(types)) AND abs(julianday(\(alias)effective_at) - julianday(\(alias)recorded_at)) * 86400.0 > \(Int(tolerance))"
    }
}

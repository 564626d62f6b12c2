import BreachDomain
import Foundation

extension Backdating {
    /// The same test in SQL over an `events` row aliased `alias`: the expression of the partial index
    /// `events_backdated` (migration v6), spelled identically so that SQLite can use that index.
    static func sqlCondition(alias: String) -> String {
        let types = evidenceTypes.map { "'\($0)'" }.joined(separator: ", ")
        return "\(alias)type IN (\(types)) AND abs(julianday(\(alias)effective_at) - julianday(\(alias)recorded_at)) * 86400.0 > \(Int(tolerance))"
    }
}

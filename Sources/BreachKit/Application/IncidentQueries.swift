import BreachDomain
import Foundation
import GRDB

/// A row of `breach list`, read from the incidents read model (no replay).
public struct IncidentSummary: Sendable, Equatable {
    public let id: String
    public let title: String
    public let kind: String
    public let severity: String
    public let stage: String
    public let detectedAt: String
    public let declaredAt: String?
    public let closedAt: String?
    public let assignee: String?
    public let nextDeadlineAt: String?
    public let outstandingObligations: Int

    /// True when an outstanding obligation's due time has passed at `now`.
    public func isOverdue(at now: Date) -> Bool {
        guard outstandingObligations > 0, let next = nextDeadlineAt.flatMap(RFC3339.parse) else { return false }
        return next <= now
    }
}

/// Filters of `breach list`.
public struct IncidentFilter: Sendable {
    public var stage: Stage?
    public var openOnly = false
    public var declaredOnly = false
    public var overdueOnly = false

    public init(stage: Stage? = nil, openOnly: Bool = false, declaredOnly: Bool = false, overdueOnly: Bool = false) {
        self.stage = stage
        self.openOnly = openOnly
        self.declaredOnly = declaredOnly
        self.overdueOnly = overdueOnly
    }
}

extension IncidentService {
    /// Incidents matching `filter`, oldest first.
    public func list(_ filter: IncidentFilter) throws -> [IncidentSummary] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let stage = filter.stage { conditions.append("stage = ?"); arguments.append(stage.rawValue) }
        if filter.openOnly { conditions.append("stage <> 'closed'") }
        if filter.declaredOnly { conditions.append("declared_at IS NOT NULL") }
        if filter.overdueOnly {
            conditions.append("outstanding_obligations > 0 AND next_deadline_at <= ?")
            arguments.append(RFC3339.format(clock.now()))
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, title, kind, severity, stage, detected_at, declared_at, closed_at, assignee, next_deadline_at, outstanding_obligations
                FROM incidents \(whereClause) ORDER BY number
                """, arguments: StatementArguments(arguments)).map { row in
                IncidentSummary(id: row["id"], title: row["title"], kind: row["kind"], severity: row["severity"], stage: row["stage"],
                                detectedAt: row["detected_at"], declaredAt: row["declared_at"], closedAt: row["closed_at"],
                                assignee: row["assignee"], nextDeadlineAt: row["next_deadline_at"],
                                outstandingObligations: row["outstanding_obligations"])
            }
        }
    }
}

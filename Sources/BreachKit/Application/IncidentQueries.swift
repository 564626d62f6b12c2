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
    /// The SQL and arguments of `list(filter)`.
    static func listQuery(_ filter: IncidentFilter, now: Date) -> (sql: String, arguments: [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let stage = filter.stage { conditions.append("stage = ?"); arguments.append(stage.rawValue) }
        if filter.openOnly { conditions.append("stage <> 'closed'") }
        if filter.declaredOnly { conditions.append("declared_at IS NOT NULL") }
        if filter.overdueOnly {
            conditions.append("outstanding_obligations > 0 AND next_deadline_at <= ?")
            arguments.append(RFC3339.format(now))
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // For --overdue, `+number` keeps SQLite on the partial deadline index (few rows) instead of walking
        // every incident in number order: the checker's cost must not grow with the history.
        let sql = """
            SELECT id, title, kind, severity, stage, detected_at, declared_at, closed_at, assignee, next_deadline_at, outstanding_obligations
            FROM incidents \(whereClause) ORDER BY \(filter.overdueOnly ? "+number" : "number")
            """
        return (sql, arguments)
    }

    /// Incidents matching `filter`, oldest first.
    public func list(_ filter: IncidentFilter) throws -> [IncidentSummary] {
        let query = Self.listQuery(filter, now: clock.now())
        return try database.read { db in
            try Row.fetchAll(db, sql: query.sql, arguments: StatementArguments(query.arguments)).map { row in
                IncidentSummary(id: row["id"], title: row["title"], kind: row["kind"], severity: row["severity"], stage: row["stage"],
                                detectedAt: row["detected_at"], declaredAt: row["declared_at"], closedAt: row["closed_at"],
                                assignee: row["assignee"], nextDeadlineAt: row["next_deadline_at"],
                                outstandingObligations: row["outstanding_obligations"])
            }
        }
    }
}

extension IncidentService {
    /// `list --json` items: the summary fields plus obligations and notifications from the read models.
    public func listDocuments(_ filter: IncidentFilter) throws -> [JSONValue] {
        let summaries = try list(filter)
        let now = clock.now()
        let ids = Set(summaries.map(\.id))
        var obligations: [String: [JSONValue]] = [:]
        var notifications: [String: [JSONValue]] = [:]
        try database.read { db in
            // `obligations` is a WITHOUT ROWID table: order by deadline (unanchored last), then id.
            for row in try Row.fetchAll(db, sql: "SELECT * FROM obligations ORDER BY incident_id, due_at IS NULL, due_at, obligation_id") {
                let incident: String = row["incident_id"]
                guard ids.contains(incident) else { continue }
                let dueAt: String? = row["due_at"], metAt: String? = row["met_at"]
                let status: String
                if row["waived_at"] as String? != nil { status = "waived" }
                else if metAt != nil { status = "met" }
                else if row["missed_at"] as String? != nil || (dueAt.flatMap(RFC3339.parse).map { $0 <= now } ?? false) { status = "missed" }
                else { status = "pending" }
                obligations[incident, default: []].append(.object([
                    ("id", .string(row["obligation_id"])), ("title", .string(row["title"])), ("audience", .optional(row["audience"])),
                    ("due_at", .optional(dueAt)), ("status", .string(status)), ("met_at", .optional(metAt)),
                ]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM notifications ORDER BY incident_id, queued_at, notification_id") {
                let incident: String = row["incident_id"]
                guard ids.contains(incident) else { continue }
                notifications[incident, default: []].append(.object([
                    ("id", .string(row["notification_id"])), ("obligation_id", .string(row["obligation_id"])),
                    ("contact_id", .string(row["contact_id"])), ("channel", .string(row["channel"])),
                    ("status", .string(row["status"])), ("attempts", .int(row["attempts"])),
                    ("last_error", .optional(row["last_error"])), ("delivered_at", .optional(row["delivered_at"])),
                ]))
            }
        }
        return summaries.map { summary in
            .object([
                ("id", .string(summary.id)), ("title", .string(summary.title)), ("kind", .string(summary.kind)),
                ("severity", .string(summary.severity)), ("stage", .string(summary.stage)),
                ("detected_at", .string(summary.detectedAt)), ("declared_at", .optional(summary.declaredAt)),
                ("closed_at", .optional(summary.closedAt)), ("assignee", .optional(summary.assignee)),
                ("overdue", .bool(summary.isOverdue(at: now))), ("next_deadline_at", .optional(summary.nextDeadlineAt)),
                ("obligations", .array(obligations[summary.id] ?? [])),
                ("notifications", .array(notifications[summary.id] ?? [])),
            ])
        }
    }
}

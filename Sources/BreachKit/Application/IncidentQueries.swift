import BreachDomain
import Foundation

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

    public init(id: String, title: String, kind: String, severity: String, stage: String, detectedAt: String, declaredAt: String?,
                closedAt: String?, assignee: String?, nextDeadlineAt: String?, outstandingObligations: Int) {
        self.id = id
        self.title = title
        self.kind = kind
        self.severity = severity
        self.stage = stage
        self.detectedAt = detectedAt
        self.declaredAt = declaredAt
        self.closedAt = closedAt
        self.assignee = assignee
        self.nextDeadlineAt = nextDeadlineAt
        self.outstandingObligations = outstandingObligations
    }

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
        let now = clock.now()
        return try store.read { reader in try reader.incidentSummaries(filter, now: now) }
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
        let (obligationRows, notificationRows) = try store.read { reader in
            (try reader.obligationRows(of: ids), try reader.notificationRows(of: ids))
        }
        for row in obligationRows {
            let status: String
            if row.withdrawn { status = Obligation.Status.withdrawn.rawValue }
            else if row.waivedAt != nil { status = "waived" }
            else if row.metAt != nil { status = "met" }
            else if row.missedAt != nil || (row.dueAt.flatMap(RFC3339.parse).map { $0 <= now } ?? false) { status = "missed" }
            else { status = "pending" }
            obligations[row.incidentID, default: []].append(.object([
                ("id", .string(row.obligationID)), ("title", .string(row.title)), ("audience", .optional(row.audience)),
                ("due_at", .optional(row.dueAt)), ("status", .string(status)), ("met_at", .optional(row.metAt)),
            ]))
        }
        for row in notificationRows {
            notifications[row.incidentID, default: []].append(.object([
                ("id", .string(row.notificationID)), ("obligation_id", .string(row.obligationID)),
                ("contact_id", .string(row.contactID)), ("channel", .string(row.channel)),
                ("status", .string(row.status)), ("attempts", .int(Int64(row.attempts))),
                ("last_error", .optional(row.lastError)), ("delivered_at", .optional(row.deliveredAt)),
            ]))
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

extension IncidentService {
    /// The counts of the Prometheus metrics at the effective time `now`, from one consistent snapshot.
    public func metricsSnapshot(at now: Date) throws -> MetricsSnapshot {
        try store.read { reader in try reader.metricsSnapshot(now: now) }
    }
}

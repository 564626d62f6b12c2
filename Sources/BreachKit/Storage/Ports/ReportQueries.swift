import BreachDomain
import Foundation

/// The aggregates the reports are made of, streamed so a report never holds the whole history.
public protocol ReportQueries {
    /// Per incident detected in `window`, in number order: its read-model columns and the aggregates of its
    /// obligations, notifications and stage stints (stints still open count up to `now`).
    func forEachSLAAggregate(_ window: ReportWindow, now: Date, _ body: (SLAAggregate) throws -> Void) throws
    /// Every `notification.attempted`/`delivered`/`failed` event in log order whose effective time is in
    /// `window` (of one incident when given), with the contact and channel of the notification's queued event.
    func forEachNotificationOutcome(_ window: ReportWindow, incidentID: String?, _ body: (NotificationOutcomeEvent) throws -> Void) throws
    /// The dated obligations of declared incidents detected in `window`, each incident's earliest first.
    func obligationDeadlines(_ window: ReportWindow) throws -> [ObligationRow]
}

/// One stored delivery outcome and what its notification's queued event said of contact and channel.
public struct NotificationOutcomeEvent: Sendable {
    public let stored: StoredEvent
    public let queuedContactID: String?
    public let queuedChannel: String?

    public init(stored: StoredEvent, queuedContactID: String?, queuedChannel: String?) {
        self.stored = stored
        self.queuedContactID = queuedContactID
        self.queuedChannel = queuedChannel
    }
}

/// One incident's read-model columns and aggregates, as a backend computes them for the SLA report.
public struct SLAAggregate: Sendable, Equatable {
    public var incidentID: String
    public var title: String
    public var kind: String
    public var severity: String
    public var stage: String
    public var detectedAt: Date?
    public var declaredAt: Date?
    public var closedAt: Date?
    /// Obligations: how many, met, waived, met late, waived late, overdue at `now`.
    public var tally: NotificationSLA.Tally
    /// The earliest obligation due time.
    public var earliestDueAt: Date?
    /// When the last obligation was settled (the earlier of met and waived, per obligation).
    public var settledAt: Date?
    public var notificationsDelivered: Int
    public var notificationsFailed: Int
    public var firstDeliveredAt: Date?
    public var lastDeliveredAt: Date?
    /// Seconds spent in each reported stage (absent: never entered).
    public var stageSeconds: [Stage: Double]
    public var stabilizedAt: Date?
    /// Delivery receipts, filings and checkpoints of the incident whose effective time is more than five
    /// minutes from when they were really recorded (`Backdating`).
    public var backdatedReceipts: Int
    /// Regimes applied, filings (count and references) and supplements, from the log (issue 15).
    public var regimes: [String] = []
    public var filings: Int = 0
    public var filingReferences: [String] = []
    public var supplements: Int = 0

    public init(incidentID: String, title: String, kind: String, severity: String, stage: String, detectedAt: Date?,
                declaredAt: Date?, closedAt: Date?, tally: NotificationSLA.Tally, earliestDueAt: Date?, settledAt: Date?,
                notificationsDelivered: Int, notificationsFailed: Int, firstDeliveredAt: Date?, lastDeliveredAt: Date?,
                stageSeconds: [Stage: Double], stabilizedAt: Date?, backdatedReceipts: Int = 0,
                regimes: [String] = [], filings: Int = 0, filingReferences: [String] = [], supplements: Int = 0) {
        self.regimes = regimes
        self.filings = filings
        self.filingReferences = filingReferences
        self.supplements = supplements
        self.incidentID = incidentID
        self.title = title
        self.kind = kind
        self.severity = severity
        self.stage = stage
        self.detectedAt = detectedAt
        self.declaredAt = declaredAt
        self.closedAt = closedAt
        self.tally = tally
        self.earliestDueAt = earliestDueAt
        self.settledAt = settledAt
        self.notificationsDelivered = notificationsDelivered
        self.notificationsFailed = notificationsFailed
        self.firstDeliveredAt = firstDeliveredAt
        self.lastDeliveredAt = lastDeliveredAt
        self.stageSeconds = stageSeconds
        self.stabilizedAt = stabilizedAt
        self.backdatedReceipts = backdatedReceipts
    }
}

extension SLAAggregate {
    /// The non-null strings of a JSON array a backend aggregated in SQL (regimes, filing references).
    static func strings(fromJSONArray text: String?) -> [String] {
        guard let text, let value = try? JSONValue.parse(text), let array = value.arrayValue else { return [] }
        return array.compactMap(\.stringValue)
    }
}

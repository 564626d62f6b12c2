import BreachDomain
import Foundation

/// One row of the SLA report: one incident, its notification verdict and its stage durations.
public struct SLARow: Sendable, Equatable {
    public var incidentID: String
    public var title: String
    public var kind: String
    public var severity: String
    public var stage: String
    public var detectedAt: Date
    public var declaredAt: Date?
    public var closedAt: Date?
    /// The earliest due time of the incident's obligations (nil when undeclared or none is dated).
    public var notificationDeadline: Date?
    /// The first delivered notification.
    public var firstNotificationAt: Date?
    /// The last delivered notification (summary report only; not a CSV column).
    public var lastNotificationAt: Date?
    /// When the last obligation was met or waived; nil unless every obligation is met or waived.
    public var allNotifiedAt: Date?
    public var notificationSLA: NotificationSLA
    /// Notifications (messages) delivered, and failed permanently; retrying ones count in neither.
    public var notificationsDelivered: Int
    public var notificationsFailed: Int
    /// Seconds spent in each stage the incident entered, all stints summed, open stint up to `now`.
    public var stageSeconds: [Stage: Double]
    /// The first time the incident entered `stabilize` (summary report only).
    public var stabilizedAt: Date?
    /// Delivery receipts whose effective time is more than five minutes from their real time (`Backdating`).
    public var backdatedReceipts: Int = 0
    /// The further regimes applied to the incident (`declare --regime`, `apply`), in order.
    public var regimes: [String] = []
    /// Filings made outside breach (`breach file`, channel `manual`) and their references, in log order.
    public var filings: Int = 0
    public var filingReferences: [String] = []
    /// Supplementary notices recorded (`notify --supplement`).
    public var supplements: Int = 0

    public var hoursToFirstNotification: Double? { seconds(from: declaredAt, to: firstNotificationAt) }
    public var hoursToAllNotified: Double? { seconds(from: declaredAt, to: allNotifiedAt) }

    private func seconds(from start: Date?, to end: Date?) -> Double? {
        guard let start, let end else { return nil }
        return end.timeIntervalSince(start)
    }

    /// The columns of `breach report sla`, in order. A contract: never reorder or rename.
    public static let header = [
        "incident_id", "title", "kind", "severity", "stage", "detected_at", "declared_at", "closed_at", "notification_deadline",
        "first_notification_at", "all_notified_at", "hours_to_first_notification", "hours_to_all_notified", "notification_sla",
        "notifications_delivered", "notifications_failed", "hours_in_detect", "hours_in_assess", "hours_in_diagnose",
        "hours_in_stabilize", "hours_to_close",
        // Added after the SPEC's 21 columns (which never change): receipts recorded with a --now far from the real clock.
        "backdated_receipts",
        // Issue 15: several regimes on one incident, filings made elsewhere, supplementary notices.
        "regimes", "filings_manual", "filing_references", "supplements",
    ]

    /// The stages that have an `hours_in_…` column.
    public static let reportedStages: [Stage] = [.detect, .assess, .diagnose, .stabilize]

    /// The CSV cells, in `header` order.
    public var csvCells: [CSVCell] {
        func time(_ date: Date?) -> CSVCell { .value(date.map(RFC3339.format)) }
        func hours(_ seconds: Double?) -> CSVCell { .value(seconds.map(ReportHours.format(seconds:))) }
        var cells: [CSVCell] = [
            .text(incidentID), .text(title), .text(kind), .text(severity), .text(stage),
            time(detectedAt), time(declaredAt), time(closedAt), time(notificationDeadline),
            time(firstNotificationAt), time(allNotifiedAt),
            hours(hoursToFirstNotification), hours(hoursToAllNotified),
            .value(notificationSLA.rawValue),
            .value(String(notificationsDelivered)), .value(String(notificationsFailed)),
        ]
        cells += Self.reportedStages.map { hours(stageSeconds[$0]) }
        cells.append(hours(closedAt.map { $0.timeIntervalSince(detectedAt) }))
        cells.append(.value(String(backdatedReceipts)))
        cells.append(.text(regimes.isEmpty ? nil : regimes.joined(separator: " ")))
        cells.append(.value(String(filings)))
        cells.append(.text(filingReferences.isEmpty ? nil : filingReferences.joined(separator: "; ")))
        cells.append(.value(String(supplements)))
        return cells
    }

    /// The same fields as a JSON object: keys as the CSV header, hours as numbers, nulls for empty cells.
    public var json: JSONValue {
        func hours(_ seconds: Double?) -> JSONValue { seconds.map { .double(ReportHours.hours(seconds: $0)) } ?? .null }
        var fields: [(String, JSONValue)] = [
            ("incident_id", .string(incidentID)), ("title", .string(title)), ("kind", .string(kind)),
            ("severity", .string(severity)), ("stage", .string(stage)),
            ("detected_at", .time(detectedAt)), ("declared_at", .time(declaredAt)), ("closed_at", .time(closedAt)),
            ("notification_deadline", .time(notificationDeadline)), ("first_notification_at", .time(firstNotificationAt)),
            ("all_notified_at", .time(allNotifiedAt)),
            ("hours_to_first_notification", hours(hoursToFirstNotification)), ("hours_to_all_notified", hours(hoursToAllNotified)),
            ("notification_sla", .string(notificationSLA.rawValue)),
            ("notifications_delivered", .int(Int64(notificationsDelivered))), ("notifications_failed", .int(Int64(notificationsFailed))),
        ]
        for stage in Self.reportedStages { fields.append(("hours_in_\(stage.rawValue)", hours(stageSeconds[stage]))) }
        fields.append(("hours_to_close", hours(closedAt.map { $0.timeIntervalSince(detectedAt) })))
        fields.append(("backdated_receipts", .int(Int64(backdatedReceipts))))
        fields.append(("regimes", .array(regimes.map(JSONValue.string))))
        fields.append(("filings_manual", .int(Int64(filings))))
        fields.append(("filing_references", .array(filingReferences.map(JSONValue.string))))
        fields.append(("supplements", .int(Int64(supplements))))
        return .object(fields)
    }
}

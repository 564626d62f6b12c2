import BreachDomain
import Foundation

/// `breach report sla`: one row per incident detected in the window, computed from the read models.
///
/// The store aggregates obligations, notifications and stage intervals per incident (one SQL statement
/// on SQLite, read through a cursor), so rows stream out without replaying events or holding the report
/// in memory; the verdicts are judged here.
public struct SLAReport: Sendable {
    public var window: ReportWindow
    /// The report's "now": open stage stints count up to it, and unmet obligations due by it are missed.
    public var now: Date

    public init(window: ReportWindow = ReportWindow(), now: Date) {
        self.window = window
        self.now = now
    }

    /// Calls `body` with each row, in incident order.
    public func forEachRow(in reader: any StoreReader, _ body: (SLARow) throws -> Void) throws {
        try reader.forEachSLAAggregate(window, now: now) { try body(SLARow($0)) }
    }
}

extension SLARow {
    /// Judges one incident's aggregates: the verdict, the deadline and when everyone was notified.
    init(_ aggregate: SLAAggregate) {
        let declared = aggregate.declaredAt != nil
        self.init(
            incidentID: aggregate.incidentID, title: aggregate.title, kind: aggregate.kind, severity: aggregate.severity,
            stage: aggregate.stage, detectedAt: aggregate.detectedAt ?? Date(timeIntervalSince1970: 0),
            declaredAt: aggregate.declaredAt, closedAt: aggregate.closedAt,
            notificationDeadline: declared ? aggregate.earliestDueAt : nil,
            firstNotificationAt: aggregate.firstDeliveredAt, lastNotificationAt: aggregate.lastDeliveredAt,
            allNotifiedAt: declared && aggregate.tally.allSettled ? aggregate.settledAt : nil,
            notificationSLA: NotificationSLA.judge(declared: declared, aggregate.tally),
            notificationsDelivered: aggregate.notificationsDelivered, notificationsFailed: aggregate.notificationsFailed,
            stageSeconds: aggregate.stageSeconds, stabilizedAt: aggregate.stabilizedAt, backdatedReceipts: aggregate.backdatedReceipts
        )
        regimes = aggregate.regimes
        filings = aggregate.filings
        filingReferences = aggregate.filingReferences
        supplements = aggregate.supplements
    }
}

extension IncidentService {
    /// Streams the SLA report of incidents detected in `window`, judged at the service clock's now.
    public func slaReport(_ window: ReportWindow, format: ReportFormat, to output: any ReportOutput) throws {
        let report = SLAReport(window: window, now: clock.now())
        try store.read { reader in
            switch format {
            case .json: try report.writeJSON(in: reader, to: output)
            default: try report.writeCSV(in: reader, to: output)
            }
        }
    }

    /// The SLA rows of `window`, in memory (table output, summary, tests).
    public func slaRows(_ window: ReportWindow) throws -> [SLARow] {
        let report = SLAReport(window: window, now: clock.now())
        return try store.read { reader in
            var rows: [SLARow] = []
            try report.forEachRow(in: reader) { rows.append($0) }
            return rows
        }
    }
}

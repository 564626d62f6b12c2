import BreachDomain
import Foundation

/// `breach report summary`: the SLA rows of a window, aggregated.
public struct SummaryReport: Sendable, Equatable {
    /// Count, median and 90th percentile of a set of durations (hours).
    public struct Distribution: Sendable, Equatable {
        public var count: Int
        public var median: Double?
        public var p90: Double?

        public init(hours values: [Double]) {
            let sorted = values.sorted()
            count = sorted.count
            median = Percentile.ofSorted(sorted, 0.5)
            p90 = Percentile.ofSorted(sorted, 0.9)
        }
    }

    public var window: ReportWindow
    public var now: Date
    public var detected = 0
    public var declared = 0
    public var closed = 0
    /// Declared incidents by verdict.
    public var verdicts: [NotificationSLA: Int] = [:]
    /// Hours from declaration to the first delivered notification, over incidents that have one.
    public var toFirstNotification = Distribution(hours: [])
    /// Hours from declaration to the last delivered notification, over incidents whose obligations are all met or waived.
    public var toLastNotification = Distribution(hours: [])
    /// Mean hours from detection to declaration (declared incidents).
    public var meanHoursToDeclare: Double?
    /// Mean hours from detection to first entering `stabilize` (incidents that reached it).
    public var meanHoursToStabilize: Double?
    /// Mean hours from detection to close (closed incidents).
    public var meanHoursToClose: Double?

    /// Met ÷ (met + missed) × 100: the share of decided declared incidents notified within every deadline.
    /// Pending incidents (not decided yet) and fully waived ones (nothing to notify) are left out; nil when none is decided.
    public var notifiedWithinDeadlinePercent: Double? {
        let met = verdicts[.met] ?? 0, missed = verdicts[.missed] ?? 0
        return met + missed == 0 ? nil : Double(met) * 100 / Double(met + missed)
    }

    /// Aggregates `rows` (the SLA rows of `window` at `now`).
    public init<Rows: Sequence>(rows: Rows, window: ReportWindow, now: Date) where Rows.Element == SLARow {
        var accumulator = Accumulator()
        for row in rows { accumulator.add(row) }
        self.init(accumulator, window: window, now: now)
    }

    /// Collects rows one at a time, so the summary of 100 k incidents keeps only their durations.
    public struct Accumulator: Sendable {
        var detected = 0, declared = 0, closed = 0
        var verdicts: [NotificationSLA: Int] = [:]
        var first: [Double] = [], last: [Double] = [], declare: [Double] = [], stabilize: [Double] = [], close: [Double] = []

        public init() {}

        public mutating func add(_ row: SLARow) {
            detected += 1
            if let declaredAt = row.declaredAt {
                declared += 1
                verdicts[row.notificationSLA, default: 0] += 1
                declare.append(declaredAt.timeIntervalSince(row.detectedAt) / 3600)
                if let at = row.firstNotificationAt { first.append(at.timeIntervalSince(declaredAt) / 3600) }
                if row.allNotifiedAt != nil, let at = row.lastNotificationAt { last.append(at.timeIntervalSince(declaredAt) / 3600) }
            }
            if let closedAt = row.closedAt {
                closed += 1
                close.append(closedAt.timeIntervalSince(row.detectedAt) / 3600)
            }
            if let at = row.stabilizedAt { stabilize.append(at.timeIntervalSince(row.detectedAt) / 3600) }
        }
    }

    public init(_ accumulator: Accumulator, window: ReportWindow, now: Date) {
        self.window = window
        self.now = now
        detected = accumulator.detected
        declared = accumulator.declared
        closed = accumulator.closed
        verdicts = accumulator.verdicts
        toFirstNotification = Distribution(hours: accumulator.first)
        toLastNotification = Distribution(hours: accumulator.last)
        meanHoursToDeclare = Percentile.mean(accumulator.declare)
        meanHoursToStabilize = Percentile.mean(accumulator.stabilize)
        meanHoursToClose = Percentile.mean(accumulator.close)
    }

    private static func rounded(_ hours: Double?) -> JSONValue {
        hours.map { .double(ReportHours.hours(seconds: $0 * 3600)) } ?? .null
    }

    private static func text(_ hours: Double?) -> String {
        hours.map { ReportHours.format(seconds: $0 * 3600) } ?? "—"
    }

    /// The JSON document of `--format json`.
    public var json: JSONValue {
        func distribution(_ d: Distribution) -> JSONValue {
            .object([("count", .int(Int64(d.count))), ("median_hours", Self.rounded(d.median)), ("p90_hours", Self.rounded(d.p90))])
        }
        return .object([
            ("since", .time(window.since)),
            ("until", .time(window.until)),
            ("as_of", .time(now)),
            ("incidents_detected", .int(Int64(detected))),
            ("incidents_declared", .int(Int64(declared))),
            ("incidents_closed", .int(Int64(closed))),
            ("notification_sla", .object(NotificationSLA.allCases.filter { $0 != .notDeclared }.map {
                ($0.rawValue, .int(Int64(verdicts[$0] ?? 0)))
            })),
            ("notified_within_deadline_percent", notifiedWithinDeadlinePercent.map { .double(($0 * 10).rounded() / 10) } ?? .null),
            ("hours_to_first_notification", distribution(toFirstNotification)),
            ("hours_to_last_notification", distribution(toLastNotification)),
            ("mean_hours_to_declare", Self.rounded(meanHoursToDeclare)),
            ("mean_hours_to_stabilize", Self.rounded(meanHoursToStabilize)),
            ("mean_hours_to_close", Self.rounded(meanHoursToClose)),
            ("percentile_method", .string("linear interpolation between closest ranks (type 7, Excel PERCENTILE.INC)")),
        ])
    }

    /// The aligned text of `--format table`.
    public var table: String {
        let window = "\(self.window.since.map(RFC3339.format) ?? "the beginning") to \(self.window.until.map(RFC3339.format) ?? "now") (as of \(RFC3339.format(now)))"
        let percent = notifiedWithinDeadlinePercent.map { String(format: "%.1f%%", $0) } ?? "—"
        let verdictText = NotificationSLA.allCases.filter { $0 != .notDeclared }.map { "\($0.rawValue) \(verdicts[$0] ?? 0)" }
            .joined(separator: ", ")
        func distribution(_ d: Distribution) -> String {
            d.count == 0 ? "— (none)" : "median \(Self.text(d.median)) h, p90 \(Self.text(d.p90)) h (n = \(d.count))"
        }
        let lines: [(String, String)] = [
            ("window", window),
            ("incidents detected", "\(detected)"),
            ("incidents declared", "\(declared)"),
            ("incidents closed", "\(closed)"),
            ("notification SLA", verdictText),
            ("notified within deadline", "\(percent) of decided declared incidents (met ÷ (met + missed))"),
            ("declaration → first notification", distribution(toFirstNotification)),
            ("declaration → last notification", distribution(toLastNotification)),
            ("mean detection → declaration", meanHoursToDeclare.map { "\(Self.text($0)) h" } ?? "—"),
            ("mean detection → stabilize", meanHoursToStabilize.map { "\(Self.text($0)) h" } ?? "—"),
            ("mean detection → close", meanHoursToClose.map { "\(Self.text($0)) h" } ?? "—"),
        ]
        let width = lines.map { $0.0.count }.max() ?? 0
        return lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }.joined(separator: "\n")
            + "\npercentiles: linear interpolation between closest ranks (Excel PERCENTILE.INC)\n"
    }
}

extension IncidentService {
    /// The summary of incidents detected in `window`, at the service clock's now.
    public func summaryReport(_ window: ReportWindow) throws -> SummaryReport {
        let report = SLAReport(window: window, now: clock.now())
        return try store.read { reader in
            var accumulator = SummaryReport.Accumulator()
            try report.forEachRow(in: reader) { accumulator.add($0) }
            return SummaryReport(accumulator, window: window, now: report.now)
        }
    }
}

import BreachDomain
import Foundation

/// breach's metrics as Prometheus families: what `check --metrics-file` writes and what a `/metrics`
/// endpoint serves, from one snapshot of the database and, for the checker, its last run.
public enum BreachMetrics {
    /// How the checker's last run went; the real clock's times, since alerts compare them with `time()`.
    public struct CheckRun: Sendable, Equatable {
        /// When the run finished (real clock).
        public var finishedAt: Date
        /// Seconds the run took.
        public var durationSeconds: Double
        /// Whether it did its whole job (exit 0 or 2; not 3 or an error).
        public var succeeded: Bool
        /// The last successful run: this one, or one carried over from an earlier file.
        public var lastSuccessAt: Date?

        public init(finishedAt: Date, durationSeconds: Double, succeeded: Bool, lastSuccessAt: Date?) {
            self.finishedAt = finishedAt
            self.durationSeconds = durationSeconds
            self.succeeded = succeeded
            self.lastSuccessAt = lastSuccessAt
        }
    }

    /// The metric name that carries the last successful check, read back to carry it over a failed run.
    public static let lastSuccessName = "breach_check_last_success_timestamp_seconds"

    /// The families of `snapshot` taken at the effective time `now` (nil when the database could not be
    /// read), followed by the checker's when `check` is given.
    public static func families(snapshot: MetricsSnapshot?, now: Date, check: CheckRun?) -> [MetricFamily] {
        var families: [MetricFamily] = []
        if let snapshot {
            families.append(MetricFamily(
                "breach_incidents_open", help: "Open incidents (not closed), by stage.",
                samples: Stage.allCases.filter { $0 != .closed }.map {
                    .init([.init("stage", $0.rawValue)], Double(snapshot.openIncidentsByStage[$0] ?? 0))
                }))
            families.append(MetricFamily(
                "breach_obligations", help: "Obligations by status at the effective time (missed: past due, neither met nor waived).",
                samples: [Obligation.Status.pending, .met, .waived, .missed].map {
                    .init([.init("status", $0.rawValue)], Double(snapshot.obligationsByStatus[$0] ?? 0))
                }))
            families.append(MetricFamily(
                "breach_obligations_overdue", help: "Obligations past due, neither met nor waived.",
                samples: [.init([], Double(snapshot.overdueObligations))]))
            families.append(MetricFamily(
                "breach_next_deadline_seconds",
                help: "Seconds from the effective time to the earliest upcoming due time of an outstanding obligation (absent when none).",
                samples: snapshot.nextDeadline.map { [.init([], $0.timeIntervalSince(now))] } ?? []))
            families.append(MetricFamily(
                "breach_next_deadline_timestamp_seconds", help: "Unix time of that earliest upcoming due time (absent when none).",
                samples: snapshot.nextDeadline.map { [.init([], $0.timeIntervalSince1970)] } ?? []))
            families.append(MetricFamily(
                "breach_notifications", help: "Notifications by channel and status (queued, retrying, delivered, failed).",
                samples: snapshot.notifications.keys.sorted { ($0.channel, $0.status) < ($1.channel, $1.status) }.map {
                    .init([.init("channel", $0.channel), .init("status", $0.status)], Double(snapshot.notifications[$0] ?? 0))
                }))
            families.append(MetricFamily(
                "breach_delivery_attempts_total",
                help: "Delivery attempts recorded in the log, by channel and outcome (delivered, retry, failed).", kind: .counter,
                samples: snapshot.deliveryAttempts.keys.sorted { ($0.channel, $0.outcome) < ($1.channel, $1.outcome) }.map {
                    .init([.init("channel", $0.channel), .init("outcome", $0.outcome)], Double(snapshot.deliveryAttempts[$0] ?? 0))
                }))
            families.append(MetricFamily(
                "breach_events_total", help: "Events in the log.", kind: .counter, samples: [.init([], Double(snapshot.events))]))
        }
        if let check {
            families.append(MetricFamily(
                lastSuccessName, help: "Unix time (real clock) at which the last successful check finished.",
                samples: check.lastSuccessAt.map { [.init([], seconds($0))] } ?? []))
            families.append(MetricFamily(
                "breach_check_last_run_timestamp_seconds", help: "Unix time (real clock) at which the last check finished.",
                samples: [.init([], seconds(check.finishedAt))]))
            families.append(MetricFamily(
                "breach_check_last_run_success", help: "1 when the last check did its whole job, else 0.",
                samples: [.init([], check.succeeded ? 1 : 0)]))
            families.append(MetricFamily(
                "breach_check_duration_seconds", help: "How long the last check took, in seconds.",
                samples: [.init([], (check.durationSeconds * 1000).rounded() / 1000)]))
        }
        return families
    }

    /// The exposition text of `families(snapshot:now:check:)`.
    public static func render(snapshot: MetricsSnapshot?, now: Date, check: CheckRun?) -> String {
        PrometheusExposition.render(families(snapshot: snapshot, now: now, check: check))
    }

    /// Unix seconds with millisecond precision.
    static func seconds(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1000).rounded() / 1000
    }
}

import BreachDomain
import Foundation
import GRDB

/// `breach check`: one idempotent pass over the work that is due — warnings, missed deadlines, deliveries.
///
/// Its cost follows the due work, not the history: it asks the indexed `due_work` table what is due by
/// now and loads only those incidents. Each incident's decisions are made inside one `BEGIN IMMEDIATE`
/// transaction on freshly read state, so a second (overlapping or repeated) run finds them recorded
/// and does nothing again; deliveries are claimed with leases by the outbox.
public final class DeadlineChecker: @unchecked Sendable {
    let service: IncidentService
    let configuration: BreachConfiguration
    let environment: [String: String]

    public init(service: IncidentService, configuration: BreachConfiguration, environment: [String: String]) {
        self.service = service
        self.configuration = configuration
        self.environment = environment
    }

    /// One item of the check report.
    public struct Item: Sendable, Equatable {
        public let incidentID: String
        public let obligationID: String
        public let detail: String
    }

    /// What a pass did (or, with `dryRun`, would do).
    public struct Report: Sendable {
        public var warnings: [Item] = []
        public var missed: [Item] = []
        public var delivered: [Item] = []
        public var retrying: [Item] = []
        public var failed: [Item] = []
        /// Notifications that would be attempted (dry run only).
        public var dueNotifications: [Item] = []
        /// Due notifications this process cannot send (no transport, a credential missing), per reason.
        public var waiting: [String: Int] = [:]
        public var waitingForTransport: Int { waiting.values.reduce(0, +) }
        /// Incidents with an obligation past due, neither met nor waived, after the pass.
        public var overdueIncidents: [String] = []
        /// Escalation ids in breach.yml that name no contact: alerts to them reach nobody (issue 18).
        public var unknownEscalationContacts: [String] = []
    }

    /// The one question a pass starts with; answered from the `due_work_by_time` index.
    static let dueWorkSQL = "SELECT incident_id, work FROM due_work WHERE due_at <= ? ORDER BY due_at"

    /// Runs one pass at the service clock's now.
    public func run(dryRun: Bool) throws -> Report {
        let now = service.clock.now()
        var report = Report()
        let due = try service.database.read { db in
            try Row.fetchAll(db, sql: Self.dueWorkSQL,
                             arguments: [RFC3339.format(now)]).map { (incident: $0["incident_id"] as String, work: $0["work"] as String) }
        }
        let obligationIncidents = Array(Set(due.filter { $0.work.hasPrefix(DueWork.obligationPrefix) }.map(\.incident))).sorted()
        for incidentID in obligationIncidents {
            try checkDeadlines(of: incidentID, now: now, dryRun: dryRun, report: &report)
        }
        if dryRun {
            report.dueNotifications = due.compactMap { item in
                DueWork.notificationID(of: item.work).map { Item(incidentID: item.incident, obligationID: "", detail: $0) }
            }
        } else {
            let outbox = NotificationOutbox(service: service, configuration: configuration, environment: environment)
            let delivery = try outbox.deliverDue()
            report.waiting = delivery.waiting
            report.delivered = delivery.delivered.map { Item(incidentID: $0.incidentID, obligationID: $0.notification.obligationID, detail: $0.notification.id) }
            report.retrying = delivery.retrying.map { Item(incidentID: $0.incidentID, obligationID: $0.notification.obligationID, detail: $0.notification.id) }
            report.failed = delivery.failed.map { Item(incidentID: $0.incidentID, obligationID: $0.notification.obligationID, detail: $0.notification.id) }
        }
        report.overdueIncidents = try service.list(IncidentFilter(overdueOnly: true)).map(\.id)
        // Every run, not only when an alert is due: a broken escalation path must be seen before it is needed.
        report.unknownEscalationContacts = EscalationPlanner.unknownContacts(
            configuration: configuration, contacts: try service.database.read { db in try ContactRegistry.all(in: db) })
        return report
    }

    /// Records the warnings and missed deadlines of one incident that are due by `now`, each exactly once.
    private func checkDeadlines(of incidentID: String, now: Date, dryRun: Bool, report: inout Report) throws {
        let body: (Database) throws -> Void = { db in
            let state = try IncidentService.fold(id: incidentID, try EventStore.events(of: incidentID, in: db))
            var events: [IncidentEvent] = []
            var warned: [(item: Item, threshold: Int)] = [], missed: [Item] = []
            for obligation in state.obligations where obligation.isOutstanding {
                guard let dueAt = obligation.dueAt else { continue }
                if dueAt <= now {
                    if obligation.missedAt == nil {
                        events.append(.deadlineMissed(obligationID: obligation.id, dueAt: dueAt))
                        missed.append(Item(incidentID: incidentID, obligationID: obligation.id, detail: "due \(RFC3339.format(dueAt))"))
                    }
                    continue
                }
                // Thresholds already passed are all recorded, so a checker that was down catches up once.
                for threshold in DueWork.thresholds(of: obligation) where !obligation.warningsSent.contains(threshold) {
                    if dueAt.addingTimeInterval(-Double(threshold)) <= now {
                        events.append(.deadlineWarning(obligationID: obligation.id, thresholdSeconds: threshold, dueAt: dueAt))
                        warned.append((Item(incidentID: incidentID, obligationID: obligation.id,
                                            detail: "\(Self.hours(threshold)) before due \(RFC3339.format(dueAt))"), threshold))
                    }
                }
            }
            report.warnings += warned.map(\.item)
            report.missed += missed
            guard !dryRun, !events.isEmpty else { return }
            let recipients = EscalationPlanner.recipients(for: state, configuration: self.configuration, contacts: try ContactRegistry.all(in: db))
            for (item, threshold) in warned {
                let key = "\(item.obligationID).warning-\(Self.hours(threshold))"
                events += EscalationPlanner.alerts(
                    incident: state, key: key, subject: "[breach] \(incidentID) \(item.obligationID): \(item.detail)",
                    body: "Obligation \(item.obligationID) of \(incidentID) (\(state.title)) is not met yet: \(item.detail).\nRun `breach notify \(incidentID)` or `breach show \(incidentID)`.",
                    recipients: recipients)
            }
            for item in missed {
                events += EscalationPlanner.alerts(
                    incident: state, key: "\(item.obligationID).missed", subject: "[breach] MISSED deadline: \(incidentID) \(item.obligationID)",
                    body: "Obligation \(item.obligationID) of \(incidentID) (\(state.title)) was \(item.detail) and is neither met nor waived.\nNotify now: `breach notify \(incidentID)`.",
                    recipients: recipients)
            }
            try self.service.append(events, to: incidentID, state: state, at: now, in: db)
        }
        if dryRun { try service.database.read(body) } else { try service.database.write(body) }
    }

    static func hours(_ seconds: Int) -> String {
        seconds % 3600 == 0 ? "\(seconds / 3600)h" : "\(seconds / 60)m"
    }
}

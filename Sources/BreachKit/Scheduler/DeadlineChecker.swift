import BreachDomain
import Foundation
import Logging

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
    /// Where recorded warnings, missed deadlines and delivery outcomes are logged; silent unless handed one.
    public var logger: Logger = .silent
    /// Finds the calendars folder (`<playbooks>/calendars`), called only when an open obligation kept a
    /// calendar: locating the playbooks walks the file system, which nearly every run has no use for.
    public var locateCalendarsFolder: () throws -> URL? = { nil }

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
        /// Due notifications claimed but not attempted (time budget used, SMTP transport refusing), per reason.
        public var deferred: [DeliveryDeferral: Int] = [:]
        /// Incidents with an obligation past due, neither met nor waived, after the pass.
        public var overdueIncidents: [String] = []
        /// Escalation ids in breach.yml that name no contact: alerts to them reach nobody (issue 18).
        public var unknownEscalationContacts: [String] = []
        /// Open obligations with an unknown due time, or whose calendar was corrected after it was computed.
        public var calendarWarnings: [Item] = []
    }

    /// Told how far the pass's deliveries are (for a progress line on a terminal).
    public var progress: (@Sendable (NotificationOutbox.Progress) -> Void)?

    /// Runs one pass at the service clock's now; with `maxSeconds`, no delivery starts after that many seconds.
    public func run(dryRun: Bool, maxSeconds: Double? = nil) throws -> Report {
        try run(dryRun: dryRun, maxSeconds: maxSeconds, states: FoldedIncidents())
    }

    /// Runs one pass, folding each incident it touches once (`states` carries them from the deadline
    /// review through the outbox's claim and record).
    func run(dryRun: Bool, maxSeconds: Double? = nil, states: FoldedIncidents) throws -> Report {
        let now = service.clock.now()
        var report = Report()
        // With nothing due (most runs), the closing questions are asked in the same snapshot: nothing is
        // recorded in between, and on PostgreSQL that is one transaction instead of two.
        let (due, closingEarly) = try service.store.read { reader in
            let due = try reader.dueWork(by: now)
            return (due, due.isEmpty ? try closingQuestions(reader, now: now, states: states) : nil)
        }
        let obligationIncidents = Array(Set(due.filter { $0.work.hasPrefix(DueWork.obligationPrefix) }.map(\.incidentID))).sorted()
        for incidentID in obligationIncidents {
            try reviewDeadlines(of: incidentID, now: now, dryRun: dryRun, states: states, report: &report)
        }
        if !dryRun {
            for item in report.warnings {
                logger.info("deadline warning recorded", metadata: [LogKey.incidentID: "\(item.incidentID)", LogKey.obligationID: "\(item.obligationID)"])
            }
            for item in report.missed {
                logger.warning("deadline missed recorded", metadata: [LogKey.incidentID: "\(item.incidentID)", LogKey.obligationID: "\(item.obligationID)"])
            }
        }
        if dryRun {
            report.dueNotifications = due.compactMap { item in
                DueWork.notificationID(of: item.work).map { Item(incidentID: item.incidentID, obligationID: "", detail: $0) }
            }
        } else if due.contains(where: { $0.work.hasPrefix(DueWork.notificationPrefix) }) || !report.warnings.isEmpty || !report.missed.isEmpty {
            // Only when something may be sent: a notification was due at the snapshot above, or the review
            // just recorded a warning or a missed deadline (which may have queued escalations). With nothing
            // due the outbox's claim — a unit of work, so the writer lock — is skipped: a checker with nothing
            // to do never queues behind a writer. One that became due since the snapshot is sent by the
            // next run, as if it had become due just after the claim.
            let outbox = NotificationOutbox(service: service, configuration: configuration, environment: environment, states: states)
            outbox.logger = logger
            outbox.progress = progress
            let delivery = try outbox.deliverDue(maxSeconds: maxSeconds)
            report.waiting = delivery.waiting
            report.deferred = delivery.deferred
            report.delivered = delivery.delivered.map { Item(incidentID: $0.incidentID, obligationID: $0.notification.obligationID, detail: $0.notification.id) }
            report.retrying = delivery.retrying.map { Item(incidentID: $0.incidentID, obligationID: $0.notification.obligationID, detail: $0.notification.id) }
            report.failed = delivery.failed.map { Item(incidentID: $0.incidentID, obligationID: $0.notification.obligationID, detail: $0.notification.id) }
        }
        // The pass's closing questions in one snapshot (on PostgreSQL one transaction, not three).
        let closingNow = service.clock.now()
        let (overdue, calendarCounted, contacts) = try closingEarly
            ?? service.store.read { reader in try closingQuestions(reader, now: closingNow, states: states) }
        report.overdueIncidents = overdue.map(\.id)
        report.calendarWarnings = try reviewCalendars(calendarCounted)
        // Every run, not only when an alert is due: a broken escalation path must be seen before it is needed.
        report.unknownEscalationContacts = Escalation.unknownContacts(escalationContactIDs: configuration.escalationContacts, contacts: contacts)
        return report
    }

    /// After the pass: the overdue incidents, the open incidents counted in a calendar, and which of the
    /// escalation contacts exist (only those are read: a registry of 100,000 is not decoded every minute).
    private func closingQuestions(_ reader: any StoreReader, now: Date, states: FoldedIncidents) throws
        -> (overdue: [IncidentSummary], calendarCounted: [Incident], contacts: [Contact]) {
        (try reader.incidentSummaries(IncidentFilter(overdueOnly: true), now: now),
         try reader.openIncidentsCountedInCalendars().map { try states.current($0, in: reader) },
         try reader.contacts(ids: configuration.escalationContacts))
    }

    /// The calendar warnings of the open, declared incidents (see `CalendarReview`).
    ///
    /// Both warnings concern obligations counted in a calendar (only a calendar can leave a due time
    /// unknown), so only the open incidents the store names as having such obligations are folded — not
    /// every open incident on every run: a corrected calendar concerns obligations that may not be due for
    /// days, which the due-work index does not name.
    private func reviewCalendars(_ incidents: [Incident]) throws -> [Item] {
        guard !incidents.isEmpty else { return [] }
        let calendars = try locateCalendarsFolder().map { CalendarLoader.load(folder: $0).calendars } ?? [:]
        return CalendarReview.warnings(open: incidents, current: calendars)
    }

    /// Records the warnings and missed deadlines of one incident that are due by `now`, each exactly once.
    ///
    /// The decision is the domain's (`Incident.reviewDeadlines`), made inside the unit of work on the
    /// incident's current state, so an overlapping checker finds it recorded and decides nothing again.
    private func reviewDeadlines(of incidentID: String, now: Date, dryRun: Bool, states: FoldedIncidents, report: inout Report) throws {
        func decide(_ reader: any StoreReader) throws -> (Incident, [IncidentEvent]) {
            let state = try states.current(incidentID, in: reader)
            let events = Incident.reviewDeadlines(state, now: now, recipients: [])
            // The recipients are read only when there is something to alert about, and a dry run alerts nobody.
            guard !dryRun, !events.isEmpty else { return (state, events) }
            let recipients = try reader.escalationRecipients(for: state, configuration: configuration)
            return (state, Incident.reviewDeadlines(state, now: now, recipients: recipients))
        }
        func record(_ events: [IncidentEvent]) {
            for event in events {
                switch event {
                case let .deadlineWarning(obligationID, threshold, dueAt):
                    report.warnings.append(Item(incidentID: incidentID, obligationID: obligationID,
                                                detail: Incident.warningDetail(thresholdSeconds: threshold, dueAt: dueAt)))
                case let .deadlineMissed(obligationID, dueAt):
                    report.missed.append(Item(incidentID: incidentID, obligationID: obligationID, detail: Incident.missedDetail(dueAt: dueAt)))
                default:
                    break
                }
            }
        }
        if dryRun {
            record(try service.store.read { try decide($0).1 })
            return
        }
        let recorded: [IncidentEvent] = try service.store.write { unit in
            let (state, events) = try decide(unit)
            guard !events.isEmpty else { return [] }
            states.update(try self.service.append(events, to: incidentID, state: state, at: now, in: unit))
            return events
        }
        record(recorded)
    }
}

import BreachDomain
import BreachKit
import Foundation

/// Writes deterministic, realistic incident histories through the real store API, for benchmarks and
/// their smoke tests.
///
/// In its own target, BreachDatasets, which only the benchmarks and the tests depend on: the shipped
/// library and the `breach` executable do not carry it.
///
/// Every command goes through `Incident.decide` and the notification planner exactly as the CLI's
/// would, so the log is one breach could have written; events are appended with `appendBatch` (hash
/// chain and read models included). The same seed and options give the same events and effective
/// times on every run: each incident draws from its own random stream (seed and incident number), so
/// how the work is split into batches changes nothing.
public struct DatasetGenerator: Sendable {
    /// The shape of the generated incidents.
    public enum Scenario: Sendable {
        /// A realistic history: about 10 % declared (linked contacts, notifications queued and delivered,
        /// some after a retry, some late, unused obligations waived), notes, assignments, checklist items,
        /// false positives closed early, a share left open, and some closed incidents reopened.
        case mixed
        /// Open declared incidents with no notification work: at `now`, `dueWarnings` of them (the first
        /// ones) owe their first escalation warning, the rest have nothing due for 23 hours.
        case openDeclared(dueWarnings: Int)
        /// Declared incidents linked to all `contacts`, every notification queued and due at `now`.
        case queuedNotifications(contacts: [Contact])
    }

    /// What the generator produces.
    public struct Options: Sendable {
        public var scenario: Scenario
        public var incidents: Int
        public var seed: UInt64
        /// The first detection (mixed), or the time the check runs (other scenarios).
        public var start: Date
        /// Time between two detections (mixed).
        public var spacing: TimeInterval
        public var declaredShare: Double
        public var openShare: Double
        public var reopenShare: Double
        /// Incidents per transaction.
        public var batchSize: Int

        public init(scenario: Scenario = .mixed, incidents: Int, seed: UInt64 = 2026,
                    start: Date = Date(timeIntervalSince1970: 1_735_689_600), spacing: TimeInterval = 900,
                    declaredShare: Double = 0.10, openShare: Double = 0.15, reopenShare: Double = 0.05, batchSize: Int = 500) {
            self.scenario = scenario
            self.incidents = incidents
            self.seed = seed
            self.start = start
            self.spacing = spacing
            self.declaredShare = declaredShare
            self.openShare = openShare
            self.reopenShare = reopenShare
            self.batchSize = max(1, batchSize)
        }
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var incidents = 0
        public var events = 0
        public var declared = 0

        public init() {}
    }

    public let playbook: Playbook
    public let options: Options
    let rules: PlaybookRules

    public init(playbook: Playbook, options: Options) {
        self.playbook = playbook
        self.options = options
        rules = PlaybookRules(playbook)
    }

    /// The contacts the histories link to: the scenario's own, or a fixed registry of customer
    /// administrators, authorities and data subjects on addresses nobody receives.
    public var contacts: [Contact] {
        if case let .queuedNotifications(contacts) = options.scenario { return contacts }
        return Self.standardContacts
    }

    static let standardContacts: [Contact] =
        (1...20).map { n in
            Contact(id: "cust-admin-\(n)", name: "Customer \(n) admin", role: "customer-admin", tags: ["customer:c\(n)"],
                    email: "admin@customer\(n).example", webhookURL: "https://hooks.customer\(n).example/breach")
        } + ["fr", "de", "ie"].map { country in
            Contact(id: "dpa-\(country)", name: "Data protection authority (\(country))", role: "authority",
                    tags: ["jurisdiction:\(country)"], webhookURL: "https://dpa.\(country).example/notify")
        } + (1...50).map { n in
            Contact(id: "subject-\(n)", name: "Data subject \(n)", role: "data-subject", email: "person\(n)@mail.example")
        }

    /// Registers the contacts (those not already present), then appends every incident in batches.
    @discardableResult
    public func write(to service: IncidentService) throws -> Summary {
        try registerContacts(with: service)
        let first = try service.store.write { unit in try unit.nextIncidentNumber() }
        var summary = Summary()
        var number = first
        while number < first + options.incidents {
            let upper = min(number + options.batchSize, first + options.incidents)
            let batch = try histories(number..<upper)
            let incidents = try service.appendBatch(batch)
            summary.incidents += incidents.count
            summary.events += batch.reduce(0) { $0 + $1.events.count }
            summary.declared += incidents.filter(\.isDeclared).count
            number = upper
        }
        return summary
    }

    /// Adds the scenario's contacts to the registry, skipping ids it already has.
    public func registerContacts(with service: IncidentService) throws {
        let existing = Set(try service.store.read { reader in try reader.contacts() }.map(\.id))
        let missing = contacts.filter { !existing.contains($0.id) }
        guard !missing.isEmpty else { return }
        try ContactRegistry(store: service.store, clock: FixedClock(options.start), actor: "generator",
                            wallClock: service.wallClock).add(missing)
    }

    /// The histories of incidents `numbers` (`INC-<number>`), in memory; pure apart from the clockless planner.
    public func histories(_ numbers: Range<Int>) throws -> [IncidentAppend] {
        try numbers.map { number in
            var random = SeededRandom(seed: options.seed ^ (UInt64(number) &* 0x9E37_79B9_7F4A_7C15))
            let events: [RecordedIncidentEvent]
            switch options.scenario {
            case .mixed: events = try mixed(number, &random)
            case let .openDeclared(dueWarnings): events = try openDeclared(number, due: number - 1 < dueWarnings, &random)
            case .queuedNotifications: events = try queued(number, &random)
            }
            return IncidentAppend(incidentID: IncidentID.make(number), expectedVersion: 0, events: events)
        }
    }

    // MARK: Scenarios

    static let responders = ["alice", "bruno", "chen", "dana", "emeka", "farah", "gus", "hana"]
    static let subjects = ["Suspicious login", "Exposed storage bucket", "Phishing campaign", "Malware on laptop",
                           "Leaked API key", "Unusual data export", "Misconfigured firewall", "Lost device"]

    private func script(_ number: Int, at time: Date, _ random: inout SeededRandom) throws -> IncidentScript {
        var script = IncidentScript(id: IncidentID.make(number), rules: rules, actor: random.pick(Self.responders), now: time)
        try script.run(.detect(title: "\(random.pick(Self.subjects)) #\(number)", kind: playbook.id,
                               severity: random.pick(Severity.allCases),
                               summary: random.chance(0.5) ? "Generated incident \(number) for benchmarks and smoke tests." : nil))
        return script
    }

    private func mixed(_ number: Int, _ random: inout SeededRandom) throws -> [RecordedIncidentEvent] {
        var script = try script(number, at: options.start.addingTimeInterval(Double(number - 1) * options.spacing), &random)
        if random.chance(0.7) {
            script.wait(random.seconds(60, 1800))
            try script.run(.assign(random.pick(Self.responders)))
        }
        let declared = random.chance(options.declaredShare)
        let falsePositive = !declared && random.chance(0.5)
        let lastStage: Stage = falsePositive ? random.pick([.detect, .assess]) : .stabilize
        let openAt: Stage? = random.chance(options.openShare) ? random.pick([.detect, .assess, .diagnose, .stabilize]) : nil
        let stop = min(lastStage, openAt ?? .stabilize)
        while script.incident.stage < stop {
            try addNotes(&script, &random)
            try script.advance(&random)
            if declared && script.incident.stage == .assess { try declareAndNotify(&script, &random) }
        }
        if declared && !script.incident.isDeclared { try declareAndNotify(&script, &random) }
        try addNotes(&script, &random)
        guard openAt == nil else { return script.events }
        script.wait(random.seconds(600, 86_400))
        try script.run(.close(resolution: falsePositive ? "False positive" : "Contained and remediated"))
        if random.chance(options.reopenShare) {
            script.wait(random.seconds(3600, 5 * 86_400))
            try script.run(.reopen(to: .diagnose, reason: "Recurrence seen in the logs"))
            try addNotes(&script, &random)
            try script.advance(&random)
            script.wait(random.seconds(3600, 86_400))
            try script.run(.close(resolution: "Recurrence contained"))
        }
        return script.events
    }

    private func addNotes(_ script: inout IncidentScript, _ random: inout SeededRandom) throws {
        for _ in 0..<random.below(3) {
            script.wait(random.seconds(300, 7200))
            try script.run(.note("Update from \(script.actor): checked logs, next step agreed (\(random.below(1000)))."))
        }
    }

    /// Declares, links a customer admin, an authority and sometimes a data subject, queues the
    /// notifications, waives obligations nobody was linked for, and delivers every notification —
    /// some after a retry, about one in ten after the deadline.
    private func declareAndNotify(_ script: inout IncidentScript, _ random: inout SeededRandom) throws {
        script.wait(random.seconds(600, 7200))
        try script.run(.declare(awareAt: script.now.addingTimeInterval(-random.seconds(600, 7200)), reason: "Customer data was accessed"))
        var linked = ["cust-admin-\(1 + random.below(20))", random.pick(["dpa-fr", "dpa-de", "dpa-ie"])]
        if random.chance(0.5) { linked.append("subject-\(1 + random.below(50))") }
        script.wait(random.seconds(300, 3600))
        try script.run(.affect(contactIDs: linked))
        script.record(try NotificationPlanner.plan(incident: script.incident, obligationID: nil, contacts: contacts, now: script.now).events)
        for obligation in script.incident.obligations where !script.incident.notifications.contains(where: { $0.obligationID == obligation.id }) {
            try script.run(.waive(obligationID: obligation.id, reason: "No one in this audience is affected"))
        }
        let declaredAt = script.incident.declaredAt!
        let deliveries = script.incident.notifications.map { notification in
            (notification, random.chance(0.9) ? random.seconds(1800, 60 * 3600) : random.seconds(73 * 3600, 100 * 3600), random.chance(0.15))
        }.sorted { $0.1 < $1.1 }
        for (notification, after, retried) in deliveries {
            var at = max(script.now, declaredAt.addingTimeInterval(after))
            if retried {
                script.now = max(script.now, at.addingTimeInterval(-1800))
                at = max(at, script.now.addingTimeInterval(60))
                script.record([.notificationAttempted(deliveryPayload(notification, attempt: 1, delivered: false, retryAt: at))])
            }
            script.now = at
            script.record([.notificationDelivered(deliveryPayload(notification, attempt: retried ? 2 : 1, delivered: true, retryAt: nil))])
        }
    }

    /// A receipt shaped like the outbox's: HTTP status for webhooks, SMTP reply for email.
    private func deliveryPayload(_ notification: IncidentNotification, attempt: Int, delivered: Bool, retryAt: Date?) -> DeliveryAttempt {
        let webhook = notification.channel == .webhook
        let receipt = delivered ? (webhook ? "HTTP/1.1 200 OK" : "250 2.0.0 Ok: queued")
                                : (webhook ? "HTTP/1.1 503 Service Unavailable" : "451 4.3.0 Try again later")
        return DeliveryAttempt(
            notificationID: notification.id, obligationID: notification.obligationID, contactID: notification.contactID,
            channel: notification.channel.rawValue, attempt: attempt, receipt: receipt,
            httpStatus: webhook ? (delivered ? 200 : 503) : nil, smtpCode: webhook ? nil : (delivered ? 250 : 451),
            curlCode: 0, durationMilliseconds: 42, error: delivered ? nil : receipt, nextAttemptAt: delivered ? nil : retryAt)
    }

    /// Detected two hours before `start` and declared an hour before it — or 26 and 25 hours before, so
    /// that each obligation's 48-hours-before-due warning is due at `start`.
    private func openDeclared(_ number: Int, due: Bool, _ random: inout SeededRandom) throws -> [RecordedIncidentEvent] {
        let lead: Double = due ? 26 * 3600 : 2 * 3600
        var script = try script(number, at: options.start.addingTimeInterval(-lead + Double(number % 600)), &random)
        script.wait(300)
        try script.run(.assign(random.pick(Self.responders)))
        script.wait(3300)
        try script.run(.declare(awareAt: nil, reason: "Customer data was accessed"))
        return script.events
    }

    /// Declared half an hour before `start`, linked to every scenario contact, all notifications queued.
    private func queued(_ number: Int, _ random: inout SeededRandom) throws -> [RecordedIncidentEvent] {
        var script = try script(number, at: options.start.addingTimeInterval(-3600), &random)
        script.now = options.start.addingTimeInterval(-1800)
        try script.run(.declare(awareAt: nil, reason: "Customer data was accessed"))
        try script.run(.affect(contactIDs: contacts.map(\.id)))
        script.record(try NotificationPlanner.plan(incident: script.incident, obligationID: nil, contacts: contacts, now: script.now).events)
        return script.events
    }
}

import BreachDomain
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The transactional outbox: notifications are queued as events first, then claimed, attempted and recorded.
///
/// A crash between queueing and attempting leaves the notification queued (the next run sends it); a
/// crash between sending and recording means it is sent again with the same `Idempotency-Key`. A
/// notification is recorded as delivered only when the server accepted it.
public final class NotificationOutbox: @unchecked Sendable {
    let service: IncidentService
    let configuration: BreachConfiguration
    let environment: [String: String]
    /// Who holds the claims of this run: unique per process.
    let holder = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"

    public init(service: IncidentService, configuration: BreachConfiguration, environment: [String: String]) {
        self.service = service
        self.configuration = configuration
        self.environment = environment
    }

    /// What one delivery run did, per notification id.
    public struct RunReport: Sendable {
        public var delivered: [(incidentID: String, notification: IncidentNotification, receipt: String)] = []
        public var retrying: [(incidentID: String, notification: IncidentNotification, receipt: String)] = []
        public var failed: [(incidentID: String, notification: IncidentNotification, receipt: String)] = []
        /// Notifications left queued, unattempted, because this process lacks what sending them needs — an SMTP
        /// transport, a webhook secret or the SMTP password from the environment — counted per reason
        /// ("email notification(s) stay queued: no SMTP transport is configured …").
        public var waiting: [String: Int] = [:]
        /// How many notifications are waiting for a transport or a credential.
        public var waitingForTransport: Int { waiting.values.reduce(0, +) }
    }

    // MARK: Queueing

    /// What `queue` did.
    public struct Queued: Sendable {
        /// The notifications queued now.
        public var notifications: [IncidentNotification] = []
        /// Why some outstanding obligations got nothing: nil when every one has a reachable audience.
        public var unreachable: String?
    }

    /// Queues one notification per (obligation, audience contact, channel) not already pending or delivered.
    @discardableResult
    public func queue(incidentID: String, obligationID: String? = nil) throws -> Queued {
        let now = service.clock.now()
        return try service.database.write { db in
            let state = try IncidentService.fold(id: incidentID, try EventStore.events(of: incidentID, in: db))
            let contacts = try ContactRegistry.all(in: db)
            let plan = try NotificationPlanner.plan(incident: state, obligationID: obligationID, contacts: contacts, now: now)
            var result = Queued()
            if !plan.unreachable.isEmpty { result.unreachable = NotificationPlanner.unreachableMessage(plan.unreachable, incident: incidentID) }
            guard !plan.events.isEmpty else { return result }
            let incident = try service.append(plan.events, to: incidentID, state: state, at: now, in: db)
            let queuedIDs = Set(plan.events.compactMap { event -> String? in
                if case let .notificationQueued(payload) = event { return payload["notification_id"]?.stringValue }
                return nil
            })
            result.notifications = incident.notifications.filter { queuedIDs.contains($0.id) }
            return result
        }
    }

    // MARK: Delivering

    /// Claims every pending notification due by now (optionally of one incident), attempts it, records the outcome.
    ///
    /// A permanent failure queues escalation alerts; a second round sends them in the same run, so the
    /// escalation contacts hear of it now rather than at the next check.
    public func deliverDue(incidentID: String? = nil, limit: Int = 10_000) throws -> RunReport {
        var report = RunReport()
        var ignored = RunReport()
        for round in 1...2 {
            let claimed = round == 1 ? try claim(incidentID: incidentID, limit: limit, report: &report)
                                     : try claim(incidentID: incidentID, limit: limit, report: &ignored)
            guard !claimed.isEmpty else { break }
            let failedBefore = report.failed.count
            // Outcomes are recorded chunk by chunk, so a run killed mid-fan-out re-sends at most one chunk
            // of already accepted notifications (with the same keys), not its whole batch.
            for start in stride(from: 0, to: claimed.count, by: Self.recordingChunk) {
                let chunk = Array(claimed[start..<min(start + Self.recordingChunk, claimed.count)])
                try record(try attempt(chunk), report: &report)
            }
            guard report.failed[failedBefore...].contains(where: { $0.notification.obligationID != EscalationPlanner.obligationID }) else { break }
        }
        return report
    }

    /// How many claimed notifications are attempted before their outcomes are recorded: four rounds of
    /// the webhook sender's 32 concurrent transfers keeps the pipe full while bounding re-sends after a crash.
    public static let recordingChunk = 128

    struct Claimed {
        let incidentID: String
        let notification: IncidentNotification
        let incident: Incident
        let contact: Contact?
    }

    /// Takes leases on due notifications in one short `BEGIN IMMEDIATE` transaction.
    private func claim(incidentID: String?, limit: Int, report: inout RunReport) throws -> [Claimed] {
        let now = service.clock.now()
        let wallNow = service.wallClock.now()
        return try service.database.write { db in
            var contacts: [String: Contact] = [:]
            for contact in try ContactRegistry.all(in: db) { contacts[contact.id] = contact }
            var sql = Self.dueNotificationsSQL
            var arguments: [any DatabaseValueConvertible] = [RFC3339.format(now)]
            if let incidentID { sql += " AND n.incident_id = ?"; arguments.append(incidentID) }
            sql += " ORDER BY d.due_at, n.notification_id LIMIT \(limit)"
            var chosen: [(String, String)] = []
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) {
                let channel: String = row["channel"]
                if let reason = missingRequirement(channel: channel, contact: contacts[row["contact_id"] as String]) {
                    report.waiting[reason, default: 0] += 1
                    continue
                }
                if let expires: String = row["expires_at"],
                   Self.leaseIsHeld(holder: row["holder"], pid: row["holder_pid"], expiresAt: RFC3339.parse(expires), now: wallNow) {
                    continue
                }
                chosen.append((row["incident_id"], row["notification_id"]))
            }
            let expires = RFC3339.format(wallNow.addingTimeInterval(leaseDuration(for: chosen.count)))
            let lease = try db.cachedStatement(sql: "INSERT OR REPLACE INTO delivery_leases (notification_id, holder, holder_pid, expires_at) VALUES (?, ?, ?, ?)")
            var incidents: [String: Incident] = [:]
            var claimed: [Claimed] = []
            for (incidentID, notificationID) in chosen {
                if incidents[incidentID] == nil {
                    incidents[incidentID] = try IncidentService.fold(id: incidentID, try EventStore.events(of: incidentID, in: db))
                }
                guard let incident = incidents[incidentID],
                      let notification = incident.notifications.first(where: { $0.id == notificationID }) else { continue }
                try lease.execute(arguments: [notificationID, holder, Int(getpid()), expires])
                claimed.append(Claimed(incidentID: incidentID, notification: notification, incident: incident,
                                       contact: contacts[notification.contactID]))
            }
            return claimed
        }
    }

    /// Why this process cannot send on `channel` to `contact` at all, or nil when it can try.
    ///
    /// Missing configuration or credentials are the operator's to fix, not the receiver's fault: the
    /// notification stays queued without an attempt (and commands warn, `check` exits 3) rather than
    /// failing — or going out unsigned — and is sent by the first run that has what it needs.
    private func missingRequirement(channel: String, contact: Contact?) -> String? {
        switch NotificationChannel(rawValue: channel) {
        case .email:
            guard let smtp = configuration.smtp else {
                return "email notification(s) stay queued: no SMTP transport is configured (smtp: in breach.yml)"
            }
            if let variable = smtp.passwordEnvironmentVariable, (environment[variable] ?? "").isEmpty {
                return "email notification(s) stay queued: the SMTP password variable \(variable) (smtp.password_env) is not set in the environment"
            }
        case .webhook:
            if let reference = contact?.webhookSecretRef, case let .failure(error) = ContactValidation.resolveSecret(reference, environment: environment) {
                return "webhook notification(s) to \(contact?.id ?? "?") stay queued: \(error.message)"
            }
        case nil:
            break
        }
        return nil
    }

    struct Outcome {
        let claimed: Claimed
        let receipt: DeliveryReceipt
        /// True when the attempt never reached a server because the notification cannot be sent as is.
        let refusedBeforeSending: Bool
    }

    /// Sends the claimed notifications: webhooks concurrently through the multi interface, emails over one SMTP connection.
    private func attempt(_ claimed: [Claimed]) throws -> [Outcome] {
        let now = service.clock.now()
        var outcomes: [Outcome] = []
        var webhooks: [(Claimed, WebhookRequest)] = []
        var emails: [(Claimed, OutgoingEmail)] = []
        for item in claimed {
            do {
                switch item.notification.channel {
                case .webhook: webhooks.append((item, try NotificationMessage.webhookRequest(for: item, configuration: configuration, environment: environment, now: now)))
                case .email: emails.append((item, try NotificationMessage.email(for: item, configuration: configuration, now: now)))
                }
            } catch {
                let message = (error as? BreachError)?.message ?? (error as? DeliveryError)?.message ?? "\(error)"
                outcomes.append(Outcome(claimed: item, receipt: DeliveryReceipt(outcome: .failed, receipt: "not sent: \(message)", durationSeconds: 0),
                                        refusedBeforeSending: true))
            }
        }
        if !webhooks.isEmpty {
            // The real clock, never --now: it becomes X-Breach-Timestamp, which receivers check for freshness
            // and which must not carry a backdated time (issue 18); Retry-After dates are real times too.
            let receipts = WebhookSender().send(webhooks.map(\.1), now: service.wallClock.now())
            for (item, request) in webhooks {
                outcomes.append(Outcome(claimed: item, receipt: receipts[request.id] ?? DeliveryReceipt(outcome: .retry, receipt: "no receipt from the transport", durationSeconds: 0),
                                        refusedBeforeSending: false))
            }
        }
        if !emails.isEmpty, let smtp = configuration.smtp {
            let password = smtp.passwordEnvironmentVariable.flatMap { environment[$0] }
            let settings = SMTPSettings(url: smtp.url, requireStartTLS: smtp.requireStartTLS, username: smtp.username, password: password,
                                        from: smtp.from, caBundlePath: smtp.caBundle, connectTimeout: smtp.connectTimeout,
                                        totalTimeout: smtp.totalTimeout)
            let receipts: [String: DeliveryReceipt]
            do {
                receipts = try SMTPSender(settings: settings).send(emails.map(\.1))
            } catch {
                receipts = Dictionary(uniqueKeysWithValues: emails.map {
                    ($0.1.id, DeliveryReceipt(outcome: .retry, receipt: "SMTP transport not usable: \(error.message)", durationSeconds: 0))
                })
            }
            for (item, email) in emails {
                outcomes.append(Outcome(claimed: item, receipt: receipts[email.id] ?? DeliveryReceipt(outcome: .retry, receipt: "no receipt from the transport", durationSeconds: 0),
                                        refusedBeforeSending: false))
            }
        }
        return outcomes
    }

    /// Records every outcome as an event on its incident and releases the leases, in one transaction.
    private func record(_ outcomes: [Outcome], report: inout RunReport) throws {
        let now = service.clock.now()
        try service.database.write { db in
            let byIncident = Dictionary(grouping: outcomes, by: { $0.claimed.incidentID })
            // Read once per transaction, and only if some delivery failed for good and must escalate.
            var registry: [Contact]?
            for incidentID in byIncident.keys.sorted() {
                let state = try IncidentService.fold(id: incidentID, try EventStore.events(of: incidentID, in: db))
                var events: [IncidentEvent] = []
                for outcome in byIncident[incidentID] ?? [] {
                    // A run that lost its lease (expired, taken over) must not record over the new holder's work.
                    let held = try String.fetchOne(db, sql: "SELECT holder FROM delivery_leases WHERE notification_id = ?",
                                                   arguments: [outcome.claimed.notification.id])
                    try db.execute(sql: "DELETE FROM delivery_leases WHERE notification_id = ? AND holder = ?",
                                   arguments: [outcome.claimed.notification.id, holder])
                    guard held == holder,
                          let current = state.notifications.first(where: { $0.id == outcome.claimed.notification.id }),
                          current.isPending || outcome.receipt.outcome == .delivered
                    else { continue }
                    if current.status == .delivered { continue }
                    let event = Self.event(for: outcome, notification: current, now: now)
                    events.append(event)
                    let line = (incidentID, current, event.payload["receipt"]?.stringValue ?? outcome.receipt.receipt)
                    switch event {
                    case .notificationDelivered: report.delivered.append(line)
                    case .notificationFailed: report.failed.append(line)
                    default: report.retrying.append(line)
                    }
                }
                guard !events.isEmpty else { continue }
                // A permanent failure of a regulatory notification alerts the escalation contacts.
                for case let .notificationFailed(payload) in events {
                    guard let id = payload["notification_id"]?.stringValue, payload["obligation_id"]?.stringValue != EscalationPlanner.obligationID else { continue }
                    if registry == nil { registry = try ContactRegistry.all(in: db) }
                    let recipients = EscalationPlanner.recipients(for: state, configuration: configuration, contacts: registry ?? [])
                    events += EscalationPlanner.alerts(
                        incident: state, key: "failed.\(id)", subject: "[breach] delivery FAILED: \(id)",
                        body: "Notification \(id) of \(incidentID) (\(state.title)) failed permanently: \(payload["receipt"]?.stringValue ?? "").\nFix the contact or transport, then run `breach notify \(incidentID)` again.",
                        recipients: recipients)
                }
                try service.append(events, to: incidentID, state: state, at: now, in: db)
            }
        }
    }

    /// The event that records one attempt's outcome.
    static func event(for outcome: Outcome, notification: IncidentNotification, now: Date) -> IncidentEvent {
        var receipt = outcome.receipt
        // The receipt is evidence, not a dump: keep the server's deciding line, bounded — the HTTP status
        // line (first), or the SMTP reply to the end of DATA (last).
        let lines = receipt.receipt.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let deciding = (notification.channel == .email ? lines.last : lines.first) ?? receipt.receipt
        // Issue 18: the receiver chose these bytes; store them printable and bounded (ExternalText).
        receipt.receipt = ExternalText.sanitized(deciding)
        let attempt = notification.attempts + 1
        var fields: [(String, JSONValue)] = [
            ("notification_id", .string(notification.id)), ("obligation_id", .string(notification.obligationID)),
            ("contact_id", .string(notification.contactID)), ("channel", .string(notification.channel.rawValue)),
            ("attempt", .int(Int64(attempt))), ("receipt", .string(receipt.receipt)),
            ("http_status", receipt.httpStatus.map { .int(Int64($0)) } ?? .null),
            ("smtp_code", receipt.smtpCode.map { .int(Int64($0)) } ?? .null),
            ("curl_code", receipt.curlCode.map { .int(Int64($0)) } ?? .null),
            ("duration_ms", .int(Int64((receipt.durationSeconds * 1000).rounded()))),
        ]
        switch receipt.outcome {
        case .delivered:
            return .notificationDelivered(.object(fields))
        case .failed:
            fields.append(("error", .string(receipt.receipt)))
            return .notificationFailed(.object(fields))
        case .retry:
            fields.append(("error", .string(receipt.receipt)))
            if attempt >= RetryPolicy.maxAttempts {
                fields[5] = ("receipt", .string("gave up after \(attempt) attempts; last: \(receipt.receipt)"))
                return .notificationFailed(.object(fields))
            }
            let delay = RetryPolicy.delay(afterAttempt: attempt, notificationID: notification.id, retryAfter: receipt.retryAfter)
            fields.append(("next_attempt_at", .time(now.addingTimeInterval(delay))))
            return .notificationAttempted(.object(fields))
        }
    }

    /// Notifications owed an attempt by now, driven by the indexed due_work list so that the cost follows
    /// the notifications due, not the history. The work items of notifications are those from
    /// `notification:` up to (not including) `notification;` — `;` is the byte after `:` — a range the
    /// index answers, where `LIKE` would not.
    static let dueNotificationsSQL = """
        SELECT n.notification_id, n.incident_id, n.channel, n.contact_id, l.holder, l.holder_pid, l.expires_at
        FROM due_work d
        JOIN notifications n ON n.notification_id = substr(d.work, \(DueWork.notificationPrefix.utf8.count + 1))
        LEFT JOIN delivery_leases l ON l.notification_id = n.notification_id
        WHERE d.due_at <= ? AND d.work >= '\(DueWork.notificationPrefix)' AND d.work < '\(DueWork.notificationPrefix.dropLast());'
          AND n.status IN ('queued', 'retrying')
        """

    /// How long a claim on `count` notifications lasts: enough for the whole batch at the worst case of
    /// every transfer running into its timeout (webhooks `WebhookSender.maxConcurrent` at a time, emails
    /// one after another), twice over, so a slow but live run never loses its claims.
    func leaseDuration(for count: Int) -> TimeInterval {
        let webhookRounds = (Double(count) / Double(WebhookSender.defaultMaxConcurrent)).rounded(.up)
        let emailTime = configuration.smtp.map { Double(count) * $0.totalTimeout } ?? 0
        return 60 + 2 * (webhookRounds * configuration.webhookTotalTimeout + emailTime)
    }

    /// Whether a lease still protects its notification from another run.
    ///
    /// On this host the holder's process is asked directly: a dead holder frees its leases at once, and
    /// a live one keeps them (up to an hour past expiry, in case the pid was reused). A holder on another
    /// host is trusted until its lease expires.
    static func leaseIsHeld(holder: String, pid: Int32, expiresAt: Date?, now: Date) -> Bool {
        guard let expiresAt else { return false }
        let sameHost = holder.hasPrefix(ProcessInfo.processInfo.hostName + ":")
        guard sameHost else { return expiresAt > now }
        return processIsAlive(pid) && expiresAt.addingTimeInterval(3600) > now
    }

    static func processIsAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}

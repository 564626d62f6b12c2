import BreachDomain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The outbox's claim job: takes leases on due notifications in one short unit of work.
struct DeliveryClaimer {
    let store: any BreachStore
    let configuration: BreachConfiguration
    let secrets: WebhookSecrets
    let holder: String

    /// One claim: what it leased, and how far it read in the due order.
    struct Slice {
        var claimed: [ClaimedNotification] = []
        /// How many due rows it read, leased or not: fewer than asked means nothing more is due.
        var read = 0
        /// The last row it read, where the next slice of the same pass starts.
        var cursor: DueCursor?
    }

    /// Leases the due notifications (optionally of one incident) this process can send, among the first
    /// `limit` in due order after `after` and up to `through`.
    ///
    /// Notifications this process cannot send at all are counted in `waiting` and left queued, unattempted.
    /// `backlog` is how many notifications this run has claimed and not started yet: they go out before
    /// these, so the leases are sized for both.
    func claim(incidentID: String?, after: DueCursor? = nil, through: DueCursor? = nil, limit: Int, backlog: Int = 0, now: Date,
               wallNow: Date, states: FoldedIncidents, waiting: inout [String: Int]) throws -> Slice {
        try store.write { unit in
            let due = try unit.dueNotifications(by: now, incidentID: incidentID, after: after, through: through, limit: limit)
            var slice = Slice(read: due.count, cursor: due.last?.cursor ?? after)
            guard !due.isEmpty else { return slice }
            var contacts: [String: Contact] = [:]
            for contact in try unit.contacts(ids: Array(Set(due.map(\.contactID)))) { contacts[contact.id] = contact }
            var chosen: [DueNotification] = []
            for item in due {
                if let reason = missingRequirement(channel: item.channel, contact: contacts[item.contactID]) {
                    waiting[reason, default: 0] += 1
                    continue
                }
                if let lease = item.lease, LeasePolicy.isHeld(lease, now: wallNow) { continue }
                chosen.append(item)
            }
            let expires = wallNow.addingTimeInterval(LeasePolicy.duration(for: backlog + chosen.count, configuration: configuration))
            var claimed: [ClaimedNotification] = []
            // Up to `limit` claims of about 800 bytes each: sized once, not doubled (and copied) as it fills.
            claimed.reserveCapacity(chosen.count)
            // One look-up per incident, not per notification: `current` asks the stream's version each time.
            var incidents: [String: Incident] = [:]
            for item in chosen {
                let incident = try incidents[item.incidentID] ?? states.current(item.incidentID, in: unit)
                incidents[item.incidentID] = incident
                guard let notification = incident.notification(item.notificationID) else { continue }
                claimed.append(ClaimedNotification(incidentID: item.incidentID, notification: notification,
                                                   about: .init(incident, obligationID: notification.obligationID),
                                                   contact: contacts[notification.contactID]))
            }
            try unit.lease(claimed.map(\.notification.id), holder: holder, pid: getpid(), expiresAt: expires)
            slice.claimed = claimed
            return slice
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
            if let variable = smtp.passwordEnvironmentVariable, (secrets.environment[variable] ?? "").isEmpty {
                return "email notification(s) stay queued: the SMTP password variable \(variable) (smtp.password_env) is not set in the environment"
            }
        case .webhook:
            if let reference = contact?.webhookSecretRef {
                switch secrets.resolve(reference) {
                case let .failure(error):
                    return "webhook notification(s) to \(contact?.id ?? "?") stay queued: \(error.message)"
                case let .success(secret) where contact?.webhookFormat == .standard:
                    do { _ = try StandardWebhookSigner.key(fromSecret: secret) } catch {
                        return "webhook notification(s) to \(contact?.id ?? "?") stay queued: the secret in \(reference) \(error.message)"
                    }
                case .success:
                    break
                }
            }
        case nil:
            break
        }
        return nil
    }
}

import BreachDomain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How long claims last and whether another run's claim still protects a notification.
enum LeasePolicy {
    /// How long a claim on `count` notifications lasts: enough for the whole batch at the worst case of
    /// every transfer running into its timeout (webhooks `WebhookSender.maxConcurrent` at a time, emails
    /// one after another), twice over, so a slow but live run never loses its claims.
    static func duration(for count: Int, configuration: BreachConfiguration) -> TimeInterval {
        let webhookRounds = (Double(count) / Double(WebhookSender.defaultMaxConcurrent)).rounded(.up)
        let emailTime = configuration.smtp.map { Double(count) * $0.totalTimeout } ?? 0
        return 60 + 2 * (webhookRounds * configuration.webhookTotalTimeout + emailTime)
    }

    /// Whether a lease still protects its notification from another run.
    ///
    /// On this host the holder's process is asked directly: a dead holder frees its leases at once, and
    /// a live one keeps them (up to an hour past expiry, in case the pid was reused). A holder on another
    /// host is trusted until its lease expires.
    static func isHeld(_ lease: DeliveryLease, now: Date) -> Bool {
        guard let expiresAt = lease.expiresAt else { return false }
        let sameHost = lease.holder.hasPrefix(ProcessInfo.processInfo.hostName + ":")
        guard sameHost else { return expiresAt > now }
        return processIsAlive(lease.pid) && expiresAt.addingTimeInterval(3600) > now
    }

    static func processIsAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}

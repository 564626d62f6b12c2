import Foundation

/// When to try a notification again after a transient failure: exponential backoff with jitter.
public enum RetryPolicy {
    /// The first retry waits about this long.
    public static let baseDelay: TimeInterval = 60
    /// No wait is longer than this, so a notification is retried at least hourly until its deadline.
    public static let maxDelay: TimeInterval = 3600
    /// After this many attempts a notification fails permanently and escalates.
    public static let maxAttempts = 12

    /// The delay after failed attempt number `attempt` (1-based), honouring a server's `Retry-After`.
    ///
    /// Jitter (±20 %) is derived from the notification id so that many notifications failing together
    /// spread out, yet the schedule is reproducible in tests.
    public static func delay(afterAttempt attempt: Int, notificationID: String, retryAfter: TimeInterval?) -> TimeInterval {
        let exponential = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in "\(notificationID)#\(attempt)".utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let jitter = 0.8 + 0.4 * Double(hash % 10_000) / 10_000
        let delay = (exponential * jitter).rounded()
        guard let retryAfter else { return delay }
        return max(delay, min(retryAfter, 6 * maxDelay))
    }
}

/// What one delivery attempt achieved.
///
/// Only `.delivered` means the receiving server accepted the notification
/// (HTTP 2xx, or SMTP 2xx after the end of DATA). Everything else is either
/// worth trying again (`.retry`) or needs a person (`.failed`).
public enum DeliveryOutcome: String, Sendable, Codable, CaseIterable {
    /// The server accepted the notification.
    case delivered
    /// A transient failure (timeout, connection error, HTTP 408/429/5xx, SMTP 4xx): try again later.
    case retry
    /// A permanent failure (other HTTP 4xx, redirect, SMTP 5xx, TLS verification, login): do not retry; escalate.
    case failed
}

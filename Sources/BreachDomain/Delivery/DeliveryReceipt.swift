import Foundation

/// The auditable record of one delivery attempt.
///
/// `receipt` is the text an auditor reads: the server's own reply when there
/// was one (`"250 2.0.0 Ok: queued"`, `"HTTP 503 Service Unavailable"`), or
/// libcurl's error (`"curl 7: Couldn't connect to server"`), or the reason
/// the attempt was refused before any I/O. Receipts never contain secrets.
public struct DeliveryReceipt: Sendable, Equatable, Codable {
    /// Delivered, retry (transient) or failed (permanent).
    public var outcome: DeliveryOutcome
    /// Human-readable evidence of what happened.
    public var receipt: String
    /// Final HTTP status, when an HTTP response was received.
    public var httpStatus: Int?
    /// Last SMTP reply code, when the server answered.
    public var smtpCode: Int?
    /// libcurl's result code, when the transfer failed in libcurl (nil on success or when refused before libcurl).
    public var curlCode: Int?
    /// Seconds to wait before the next attempt, from a `Retry-After` header (seconds or HTTP-date).
    public var retryAfter: TimeInterval?
    /// Time the attempt took, as measured by libcurl (0 when refused before any I/O).
    public var durationSeconds: Double

    public init(
        outcome: DeliveryOutcome,
        receipt: String,
        httpStatus: Int? = nil,
        smtpCode: Int? = nil,
        curlCode: Int? = nil,
        retryAfter: TimeInterval? = nil,
        durationSeconds: Double = 0
    ) {
        self.outcome = outcome
        self.receipt = receipt
        self.httpStatus = httpStatus
        self.smtpCode = smtpCode
        self.curlCode = curlCode
        self.retryAfter = retryAfter
        self.durationSeconds = durationSeconds
    }

    /// True only when the server accepted the notification.
    public var isDelivered: Bool { outcome == .delivered }
}

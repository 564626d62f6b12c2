import Foundation

/// The payload of `notification.attempted`, `notification.delivered` and `notification.failed`: one
/// attempt at a notification and the receiver's answer, kept as evidence.
///
/// Which of the three it is lives in the event's case; the fields are shared. `error` is absent from a
/// delivery, `nextAttemptAt` present only on a retry.
public struct DeliveryAttempt: Sendable, Equatable {
    public var notificationID: String
    /// The notification's obligation, contact and channel, repeated so that an auditor reads an attempt
    /// on its own; absent from payloads written before they were (the queued event has them).
    public var obligationID: String?
    public var contactID: String?
    public var channel: String?
    /// 1 for the first attempt.
    public var attempt: Int?
    /// The server's deciding line (HTTP status line, SMTP reply to the end of DATA), or why nothing was sent.
    public var receipt: String?
    public var httpStatus: Int?
    public var smtpCode: Int?
    public var curlCode: Int?
    public var durationMilliseconds: Int?
    public var error: String?
    /// When a retry may run (backoff), on `notification.attempted` only.
    public var nextAttemptAt: Date?
    /// False for a failure recorded without an attempt being made (e.g. a message that could not be built).
    public var countsAsAttempt: Bool

    public init(notificationID: String, obligationID: String? = nil, contactID: String? = nil, channel: String? = nil,
                attempt: Int? = nil, receipt: String? = nil, httpStatus: Int? = nil, smtpCode: Int? = nil, curlCode: Int? = nil,
                durationMilliseconds: Int? = nil, error: String? = nil, nextAttemptAt: Date? = nil, countsAsAttempt: Bool = true) {
        self.notificationID = notificationID
        self.obligationID = obligationID
        self.contactID = contactID
        self.channel = channel
        self.attempt = attempt
        self.receipt = receipt
        self.httpStatus = httpStatus
        self.smtpCode = smtpCode
        self.curlCode = curlCode
        self.durationMilliseconds = durationMilliseconds
        self.error = error
        self.nextAttemptAt = nextAttemptAt
        self.countsAsAttempt = countsAsAttempt
    }

    /// The payload's keys: the only place they are spelled.
    public enum Key {
        public static let notificationID = NotificationQueued.Key.notificationID
        public static let obligationID = NotificationQueued.Key.obligationID
        public static let contactID = NotificationQueued.Key.contactID
        public static let channel = NotificationQueued.Key.channel
        static let attempt = "attempt"
        static let receipt = "receipt"
        static let httpStatus = "http_status"
        static let smtpCode = "smtp_code"
        static let curlCode = "curl_code"
        static let duration = "duration_ms"
        static let error = "error"
        static let nextAttemptAt = "next_attempt_at"
        static let countsAsAttempt = "counts_as_attempt"
    }

    /// The stored payload, keys in a fixed order; the receipt's numbers are written even when null.
    public var payload: JSONValue {
        var fields: [(String, JSONValue)] = [(Key.notificationID, .string(notificationID))]
        if let obligationID { fields.append((Key.obligationID, .string(obligationID))) }
        if let contactID { fields.append((Key.contactID, .string(contactID))) }
        if let channel { fields.append((Key.channel, .string(channel))) }
        if let attempt { fields.append((Key.attempt, .int(Int64(attempt)))) }
        if let receipt { fields.append((Key.receipt, .string(receipt))) }
        fields += [
            (Key.httpStatus, httpStatus.map { .int(Int64($0)) } ?? .null),
            (Key.smtpCode, smtpCode.map { .int(Int64($0)) } ?? .null),
            (Key.curlCode, curlCode.map { .int(Int64($0)) } ?? .null),
        ]
        if let durationMilliseconds { fields.append((Key.duration, .int(Int64(durationMilliseconds)))) }
        if let error { fields.append((Key.error, .string(error))) }
        if let nextAttemptAt { fields.append((Key.nextAttemptAt, .time(nextAttemptAt))) }
        if !countsAsAttempt { fields.append((Key.countsAsAttempt, .bool(false))) }
        return .object(fields)
    }

    /// Decodes a payload of `type` (already upcast).
    public init(type: String, payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: type, payload: payload)
        self.init(notificationID: try reader.string(Key.notificationID), obligationID: try reader.optionalString(Key.obligationID),
                  contactID: try reader.optionalString(Key.contactID), channel: try reader.optionalString(Key.channel),
                  attempt: try reader.optionalInt(Key.attempt), receipt: try reader.optionalString(Key.receipt),
                  httpStatus: try reader.optionalInt(Key.httpStatus), smtpCode: try reader.optionalInt(Key.smtpCode),
                  curlCode: try reader.optionalInt(Key.curlCode), durationMilliseconds: try reader.optionalInt(Key.duration),
                  error: try reader.optionalString(Key.error), nextAttemptAt: try reader.optionalTime(Key.nextAttemptAt),
                  countsAsAttempt: payload[Key.countsAsAttempt]?.boolValue ?? true)
    }

    /// The error if there is one, else the receipt: what `show` calls the last error.
    public var errorOrReceipt: String? { error ?? receipt }
}

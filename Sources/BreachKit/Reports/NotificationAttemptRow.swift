import BreachDomain
import Foundation

/// One delivery attempt, read from the log: a row of `breach report notifications`.
public struct NotificationAttemptRow: Sendable, Equatable {
    /// How an attempt ended.
    public enum Outcome: String, Sendable {
        /// The server accepted it (`notification.delivered`).
        case delivered
        /// A retryable failure; another attempt follows (`notification.attempted`).
        case retry
        /// A permanent failure (`notification.failed`).
        case failed
        /// A filing made outside breach (`obligation.filed`, channel `manual`).
        case filed

        init?(eventType: String) {
            switch eventType {
            case "notification.delivered": self = .delivered
            case "notification.attempted": self = .retry
            case "notification.failed": self = .failed
            default: return nil
            }
        }
    }

    public var incidentID: String
    public var obligationID: String?
    /// The notification id, also the `Idempotency-Key` sent with webhooks.
    public var notificationID: String?
    public var contactID: String?
    public var channel: String?
    public var attempt: Int?
    /// The attempt's effective time.
    public var at: Date
    public var outcome: Outcome
    public var receipt: String?
    public var httpStatus: Int?
    public var smtpCode: Int?
    public var error: String?
    /// The event's global sequence, ties the row to the log.
    public var sequence: Int64
    /// The real (wall) time the receipt was recorded; nil only for rows built in memory.
    public var recordedAt: Date? = nil
    /// A filing's reference and its evidence file's SHA-256 (channel `manual`).
    public var reference: String? = nil
    public var evidenceSHA256: String? = nil

    /// The regime of the obligation (`<regime>/<obligation>` ids), nil for the incident's own kind.
    public var regime: String? {
        guard let obligationID, let slash = obligationID.firstIndex(of: "/") else { return nil }
        return String(obligationID[..<slash])
    }

    /// The supplement number of a supplementary notice (its id ends `.s<n>`), nil otherwise.
    public var supplement: Int? {
        guard let notificationID, let dot = notificationID.lastIndex(of: "."),
              notificationID[notificationID.index(after: dot)...].hasPrefix("s") else { return nil }
        return Int(notificationID[notificationID.index(dot, offsetBy: 2)...])
    }

    /// The receipt's effective time is more than `Backdating.tolerance` from when it was really recorded
    /// (`--now` was used): a drill, a backfill — or an attempt to backdate evidence. Never hidden.
    public var backdated: Bool {
        recordedAt.map { Backdating.isBackdated(effective: at, recorded: $0) } ?? false
    }

    /// The columns of `breach report notifications`, in order. A contract: never reorder or rename.
    public static let header = [
        "incident_id", "obligation_id", "notification_id", "contact_id", "channel", "attempt", "at", "outcome", "receipt",
        "http_status", "smtp_code", "error", "backdated",
        // Issue 15, at the end: the obligation's regime, a filing's reference and evidence digest, the supplement number.
        "regime", "reference", "evidence_sha256", "supplement",
    ]

    public var csvCells: [CSVCell] {
        [
            .text(incidentID), .text(obligationID), .text(notificationID), .text(contactID), .text(channel),
            .value(attempt.map(String.init)), .value(RFC3339.format(at)), .value(outcome.rawValue), .text(receipt),
            .value(httpStatus.map(String.init)), .value(smtpCode.map(String.init)), .text(error),
            .value(backdated ? "backdated" : nil),
            .text(regime), .text(reference), .value(evidenceSHA256), .value(supplement.map(String.init)),
        ]
    }

    public var json: JSONValue {
        func int(_ value: Int?) -> JSONValue { value.map { .int(Int64($0)) } ?? .null }
        return .object([
            ("incident_id", .string(incidentID)), ("obligation_id", .optional(obligationID)),
            ("notification_id", .optional(notificationID)), ("contact_id", .optional(contactID)), ("channel", .optional(channel)),
            ("attempt", int(attempt)), ("at", .time(at)), ("outcome", .string(outcome.rawValue)), ("receipt", .optional(receipt)),
            ("http_status", int(httpStatus)), ("smtp_code", int(smtpCode)), ("error", .optional(error)),
            ("recorded_at", .time(recordedAt)), ("backdated", .bool(backdated)),
            ("regime", .optional(regime)), ("reference", .optional(reference)), ("evidence_sha256", .optional(evidenceSHA256)),
            ("supplement", int(supplement)),
        ])
    }
}

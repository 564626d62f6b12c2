import Foundation

/// The `notification.queued` payload: one rendered message for one contact over one channel.
///
/// Its id is deterministic (`INC-1.<obligation>.<contact>.<channel>`), sent as the webhook
/// `Idempotency-Key` and the email Message-ID, so a re-send after a crash is recognisable.
public struct NotificationQueued: Sendable, Equatable {
    public var notificationID: String
    public var obligationID: String
    public var contactID: String
    public var channel: NotificationChannel
    /// The email address or webhook URL the contact had when queued (the registry's current one wins when sending).
    public var destination: String
    public var subject: String
    public var body: String

    public init(notificationID: String, obligationID: String, contactID: String, channel: NotificationChannel,
                destination: String, subject: String, body: String) {
        self.notificationID = notificationID
        self.obligationID = obligationID
        self.contactID = contactID
        self.channel = channel
        self.destination = destination
        self.subject = subject
        self.body = body
    }

    /// The payload's keys: the only place they are spelled.
    public enum Key {
        public static let notificationID = "notification_id"
        public static let obligationID = "obligation_id"
        public static let contactID = "contact_id"
        public static let channel = "channel"
        static let destination = "destination"
        static let subject = "subject"
        static let body = "body"
    }

    /// The stored payload, keys in a fixed order.
    public var payload: JSONValue {
        .object([
            (Key.notificationID, .string(notificationID)), (Key.obligationID, .string(obligationID)),
            (Key.contactID, .string(contactID)), (Key.channel, .string(channel.rawValue)),
            (Key.destination, .string(destination)), (Key.subject, .string(subject)), (Key.body, .string(body)),
        ])
    }

    /// Decodes a payload (already upcast); the message fields default to empty when absent.
    public init(payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: "notification.queued", payload: payload)
        self.init(notificationID: try reader.string(Key.notificationID), obligationID: try reader.string(Key.obligationID),
                  contactID: try reader.string(Key.contactID), channel: try reader.enumeration(Key.channel),
                  destination: try reader.optionalString(Key.destination) ?? "", subject: try reader.optionalString(Key.subject) ?? "",
                  body: try reader.optionalString(Key.body) ?? "")
    }
}

import Foundation

/// A rendered email ready for SMTP: envelope plus RFC 5322 bytes.
public struct OutgoingEmail: Sendable, Equatable {
    /// The notification id; keys the receipt.
    public var id: String
    /// Envelope recipients (RCPT TO); every one must be accepted for delivery.
    public var recipients: [String]
    /// The message as sent in DATA (CRLF line endings, not dot-stuffed).
    public var data: Data

    /// Renders `message` (validating it); envelope recipients are its `to`.
    public init(_ message: EmailMessage) throws(DeliveryError) {
        self.id = message.id
        self.recipients = message.to
        self.data = try message.render()
    }

    /// An already rendered message.
    public init(id: String, recipients: [String], data: Data) {
        self.id = id
        self.recipients = recipients
        self.data = data
    }
}

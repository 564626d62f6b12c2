import BreachDomain

/// Which notification a queue result or a delivery report line is about: who, by which channel, for which
/// obligation — not its message.
///
/// The incident's state already holds every notification with its rendered message. Results that copied
/// whole `IncidentNotification`s kept a second and third 380-byte record per recipient alive until the
/// command ended: at 50,000 recipients, tens of megabytes for lines that print an id.
public struct NotificationReference: Sendable, Equatable {
    /// Deterministic id, also sent as the `Idempotency-Key`.
    public let id: String
    public let obligationID: String
    public let contactID: String
    public let channel: NotificationChannel

    public init(_ notification: IncidentNotification) {
        id = notification.id
        obligationID = notification.obligationID
        contactID = notification.contactID
        channel = notification.channel
    }
}

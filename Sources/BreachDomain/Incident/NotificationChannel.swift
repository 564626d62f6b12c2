/// The ways a notification can reach a contact.
public enum NotificationChannel: String, Codable, Sendable, CaseIterable, Hashable {
    case email
    case webhook
}

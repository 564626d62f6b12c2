/// How bad an incident is, as judged by the person who detected it.
public enum Severity: String, Codable, Sendable, CaseIterable {
    case low
    case medium
    case high
    case critical

    /// The accepted spellings, for error messages.
    public static let acceptedNames = "low, medium, high, critical"
}

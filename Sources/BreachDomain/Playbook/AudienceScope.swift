/// Which contacts an audience selector looks at.
public enum AudienceScope: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// Only the contacts linked to the incident with `breach affect` (customers, data subjects, …).
    case affected
    /// Every contact in the registry, whether or not it was linked: standing recipients such as the
    /// supervisory authority, which no one should have to remember to `affect` at 3 a.m.
    case registry

    /// The accepted spellings, for error messages.
    public static let acceptedNames = "affected, registry"
}

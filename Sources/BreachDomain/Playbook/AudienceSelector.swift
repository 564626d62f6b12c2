/// Who an obligation must reach: contacts chosen by role and tags within a scope.
public struct AudienceSelector: Codable, Sendable, Equatable, Hashable {
    /// A contact matches when its role is one of these; empty means any role.
    public var roles: [String]
    /// A contact matches only when it carries every one of these tags; empty means no tag is needed.
    public var tags: [String]
    /// Whether to look only at contacts linked to the incident, or at the whole registry.
    public var scope: AudienceScope

    public init(roles: [String] = [], tags: [String] = [], scope: AudienceScope = .affected) {
        self.roles = roles
        self.tags = tags
        self.scope = scope
    }

    /// Whether the selector names nobody in particular; such a selector would match every contact,
    /// so playbooks refuse it.
    public var isEmpty: Bool { roles.isEmpty && tags.isEmpty }

    /// Whether a contact with `role` and `tags` belongs to the audience (the scope is the caller's
    /// business: it decides which contacts are offered at all).
    ///
    /// Roles and tags compare exactly, case-sensitively, as the registry stores them.
    public func matches(role: String, tags contactTags: [String]) -> Bool {
        if !roles.isEmpty, !roles.contains(role) { return false }
        if !tags.isEmpty {
            let have = Set(contactTags)
            guard tags.allSatisfy(have.contains) else { return false }
        }
        return !isEmpty
    }
}

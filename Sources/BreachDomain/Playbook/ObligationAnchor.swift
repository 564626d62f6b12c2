/// The recorded moment an obligation's clock starts from.
///
/// Written in playbooks as `declared`, `aware`, `determined` or `fulfilled:<obligation id>`, and encoded
/// (JSON, events) as that same string.
public enum ObligationAnchor: Sendable, Equatable, Hashable {
    /// When the incident was declared (`breach declare`): the seed's 72-hour clock.
    case declared
    /// When the organisation became aware of the breach (`declare --aware-at`, default the declaration).
    case aware
    /// When the materiality determination was recorded (`breach determine`), e.g. SEC Form 8-K.
    case determined
    /// When another obligation of the same incident was first met, e.g. the NIS2 final report runs from
    /// the moment the incident notification was actually made, not from when it was due.
    case fulfilled(String)

    /// Parses the playbook spelling; nil for anything else (including `fulfilled:` with no id).
    public init?(parsing text: String) {
        switch text {
        case "declared": self = .declared
        case "aware": self = .aware
        case "determined": self = .determined
        default:
            let prefix = "fulfilled:"
            guard text.hasPrefix(prefix) else { return nil }
            let id = String(text.dropFirst(prefix.count))
            guard !id.isEmpty else { return nil }
            self = .fulfilled(id)
        }
    }

    /// The playbook spelling, e.g. `aware` or `fulfilled:incident-notification`.
    public var text: String {
        switch self {
        case .declared: "declared"
        case .aware: "aware"
        case .determined: "determined"
        case .fulfilled(let id): "fulfilled:\(id)"
        }
    }

    /// The obligation this anchor waits for, if it is a `fulfilled:` anchor.
    public var prerequisiteObligationID: String? {
        if case .fulfilled(let id) = self { return id }
        return nil
    }

    /// The accepted spellings, for error messages.
    public static let acceptedNames = "declared, aware, determined, fulfilled:<obligation id>"
}

extension ObligationAnchor: CustomStringConvertible {
    public var description: String { text }
}

extension ObligationAnchor: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let anchor = ObligationAnchor(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown anchor '\(text)'; expected \(Self.acceptedNames)")
        }
        self = anchor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

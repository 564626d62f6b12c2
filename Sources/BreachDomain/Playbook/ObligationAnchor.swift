/// The recorded moment an obligation's clock starts from.
///
/// Written in playbooks as `declared`, `aware`, `determined`, `fulfilled:<obligation id>`,
/// `milestone:<name>`, `end_of_year:<anchor>` or (a list in YAML) `earliest(<anchor> <duration>, …)`,
/// and encoded (JSON, events) as that same string.
public indirect enum ObligationAnchor: Sendable, Equatable, Hashable {
    /// When the incident was declared (`breach declare`): the seed's 72-hour clock.
    case declared
    /// When the organisation became aware of the breach (`declare --aware-at`, default the declaration).
    case aware
    /// When the materiality determination was recorded (`breach determine`), e.g. SEC Form 8-K.
    case determined
    /// When another obligation of the same incident was first met, e.g. the NIS2 final report runs from
    /// the moment the incident notification was actually made, not from when it was due.
    case fulfilled(String)
    /// When a milestone the playbook names was recorded with `breach mark` (ransom paid, classified major).
    case milestone(String)
    /// The last second (23:59:59 in the calendar's zone) of the calendar year of another anchor, e.g.
    /// HIPAA's small breaches: 60 days after the end of the year of discovery.
    case endOfYear(ObligationAnchor)
    /// Each term is an anchor with its own duration; the obligation is due at the earliest of the terms'
    /// due times known so far (DORA: 4 h after classification as major, no later than 24 h after awareness).
    case earliest([EarliestTerm])

    /// One term of an `earliest` anchor.
    public struct EarliestTerm: Sendable, Equatable, Hashable {
        public var anchor: ObligationAnchor
        public var duration: ObligationDuration
        public init(anchor: ObligationAnchor, duration: ObligationDuration) {
            self.anchor = anchor
            self.duration = duration
        }
    }

    /// Parses the stored spelling; nil for anything else (including `fulfilled:` with no id).
    public init?(parsing text: String) {
        switch text {
        case "declared": self = .declared
        case "aware": self = .aware
        case "determined": self = .determined
        default:
            if let id = Self.suffix(text, after: "fulfilled:") {
                self = .fulfilled(id)
            } else if let name = Self.suffix(text, after: "milestone:") {
                self = .milestone(name)
            } else if let inner = Self.suffix(text, after: "end_of_year:") {
                guard let anchor = ObligationAnchor(parsing: inner), anchor.isSimple else { return nil }
                self = .endOfYear(anchor)
            } else if text.hasPrefix("earliest("), text.hasSuffix(")") {
                let inside = text.dropFirst("earliest(".count).dropLast()
                var terms: [EarliestTerm] = []
                for part in inside.split(separator: ",") {
                    let words = part.split(separator: " ", maxSplits: 1).map(String.init)
                    guard words.count == 2, let anchor = ObligationAnchor(parsing: words[0]), anchor.isSimple,
                          let duration = try? ObligationDuration(parsing: words[1]) else { return nil }
                    terms.append(EarliestTerm(anchor: anchor, duration: duration))
                }
                guard terms.count >= 2 else { return nil }
                self = .earliest(terms)
            } else {
                return nil
            }
        }
    }

    private static func suffix(_ text: String, after prefix: String) -> String? {
        guard text.hasPrefix(prefix) else { return nil }
        let rest = String(text.dropFirst(prefix.count))
        return rest.isEmpty ? nil : rest
    }

    /// The stored spelling, e.g. `aware`, `fulfilled:incident-notification` or
    /// `earliest(milestone:classified-major 4h, aware 24h)`.
    public var text: String {
        switch self {
        case .declared: "declared"
        case .aware: "aware"
        case .determined: "determined"
        case .fulfilled(let id): "fulfilled:\(id)"
        case .milestone(let name): "milestone:\(name)"
        case .endOfYear(let inner): "end_of_year:\(inner.text)"
        case .earliest(let terms): "earliest(" + terms.map { "\($0.anchor.text) \($0.duration.text)" }.joined(separator: ", ") + ")"
        }
    }

    /// A single recorded moment (not `earliest` or `end_of_year`): what the composite anchors are built of.
    public var isSimple: Bool {
        switch self {
        case .endOfYear, .earliest: false
        default: true
        }
    }

    /// The obligation this anchor waits for, if it is a `fulfilled:` anchor.
    public var prerequisiteObligationID: String? {
        if case .fulfilled(let id) = self { return id }
        if case .endOfYear(let inner) = self { return inner.prerequisiteObligationID }
        return nil
    }

    /// Every obligation id named by `fulfilled:` anywhere in the anchor.
    public var fulfilledIDs: [String] {
        switch self {
        case .fulfilled(let id): [id]
        case .endOfYear(let inner): inner.fulfilledIDs
        case .earliest(let terms): terms.flatMap(\.anchor.fulfilledIDs)
        default: []
        }
    }

    /// Every milestone named anywhere in the anchor.
    public var milestones: [String] {
        switch self {
        case .milestone(let name): [name]
        case .endOfYear(let inner): inner.milestones
        case .earliest(let terms): terms.flatMap(\.anchor.milestones)
        default: []
        }
    }

    /// The same anchor with every `fulfilled:` id passed through `rename` (a regime's ids get its prefix).
    public func renamingObligations(_ rename: (String) -> String) -> ObligationAnchor {
        switch self {
        case .fulfilled(let id): .fulfilled(rename(id))
        case .endOfYear(let inner): .endOfYear(inner.renamingObligations(rename))
        case .earliest(let terms): .earliest(terms.map { EarliestTerm(anchor: $0.anchor.renamingObligations(rename), duration: $0.duration) })
        default: self
        }
    }

    /// The accepted spellings, for error messages.
    public static let acceptedNames = "declared, aware, determined, fulfilled:<obligation id>, milestone:<name>, end_of_year:<anchor>, or earliest: [a list of anchor and duration]"
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

import Foundation

/// The recorded moments of one incident that obligations can be anchored to.
public struct IncidentTimes: Codable, Sendable, Equatable {
    /// When `breach declare` ran (its effective time).
    public var declaredAt: Date?
    /// When the organisation became aware (`declare --aware-at`); nil means the declaration time.
    public var awareAt: Date?
    /// When `breach determine` recorded the materiality determination.
    public var determinedAt: Date?
    /// When each obligation (by id) was first met: the first successful delivery or filing.
    public var fulfilledAt: [String: Date]
    /// When each milestone (by name) was recorded with `breach mark`.
    public var milestones: [String: Date]

    public init(declaredAt: Date? = nil, awareAt: Date? = nil, determinedAt: Date? = nil, fulfilledAt: [String: Date] = [:],
                milestones: [String: Date] = [:]) {
        self.milestones = milestones
        self.declaredAt = declaredAt
        self.awareAt = awareAt
        self.determinedAt = determinedAt
        self.fulfilledAt = fulfilledAt
    }

    /// The instant `anchor` refers to, or nil while it has not happened yet.
    ///
    /// `aware` falls back to the declaration time, as `declare` does without `--aware-at`, so a
    /// state that lost or never recorded awareness still gets a deadline rather than none.
    public func time(of anchor: ObligationAnchor) -> Date? {
        switch anchor {
        case .declared: declaredAt
        case .aware: awareAt ?? declaredAt
        case .determined: determinedAt
        case .fulfilled(let id): fulfilledAt[id]
        case .milestone(let name): milestones[name]
        // Composite anchors have no single instant; `ObligationRule.dueDate` works them out.
        case .endOfYear, .earliest: nil
        }
    }
}

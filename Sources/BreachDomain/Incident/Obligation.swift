import Foundation

/// A duty created by declaration: notify an audience by a due time.
///
/// Lateness is judged at the first successful filing and never changes afterwards: `metAt` is set
/// once, when the last required notification is first delivered.
public struct Obligation: Sendable, Equatable {
    /// What the obligation's status is, as reported in `show --json` and reports.
    public enum Status: String, Sendable {
        case pending, met, waived, missed, withdrawn
    }

    public let id: String
    public let title: String
    /// The playbook rule as declared, so later playbook edits change nothing.
    public let snapshot: ObligationSnapshot
    public var dueAt: Date?
    public var metAt: Date?
    public var waivedAt: Date?
    public var waiverReason: String?
    public var waivedBy: String?
    /// Thresholds (seconds before due) whose warning has been recorded.
    public var warningsSent: [Int] = []
    /// Set once the checker recorded that the due time passed unmet.
    public var missedAt: Date?
    /// Why the due time cannot be computed although its anchor is recorded (a calendar that does not
    /// cover the year): shown and warned about, never replaced by a guess.
    public var dueProblem: String?
    /// Filings made outside breach (`file`), in the order recorded.
    public var filings: [ObligationFiled] = []
    /// Supplements sent after the obligation was met (`notify --supplement`).
    public var supplements: [SupplementRecorded] = []
    /// When it stopped applying (`applies_when:` no longer holds after a fact change), and why.
    public var withdrawnAt: Date?
    public var withdrawalReason: String?
    /// When a conditional obligation started to apply after the declaration, and the fact change that did it.
    public var appliedAt: Date?
    public var appliedReason: String?

    /// The regime (playbook id) it belongs to; nil for the incident's own kind.
    public var regime: String? { snapshot.regime }

    public init(_ snapshot: ObligationSnapshot) {
        self.id = snapshot.id
        self.title = snapshot.title
        self.snapshot = snapshot
        self.dueAt = snapshot.dueAt
    }

    /// Neither met nor waived.
    public var isOutstanding: Bool { metAt == nil && waivedAt == nil && withdrawnAt == nil }

    /// The status at `now`: an outstanding obligation past its due time is `missed`.
    public func status(at now: Date) -> Status {
        if withdrawnAt != nil { return .withdrawn }
        if waivedAt != nil { return .waived }
        if metAt != nil { return .met }
        if missedAt != nil { return .missed }
        if let dueAt, dueAt <= now { return .missed }
        return .pending
    }

    /// True when it was met after its due time.
    public var wasMetLate: Bool {
        guard let metAt, let dueAt else { return false }
        return metAt > dueAt
    }
}

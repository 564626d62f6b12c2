import BreachDomain
import Foundation

/// One obligation's deadline in the HTML SLA report's chart: when it was due and how it ended.
public struct SLADeadline: Sendable, Equatable {
    /// How the obligation stands at the report's now.
    public enum Outcome: String, Sendable {
        case metInTime = "met", metLate = "met-late", waived, missed, pending
    }

    public var obligationID: String
    public var title: String
    public var dueAt: Date
    public var outcome: Outcome

    public init(obligationID: String, title: String, dueAt: Date, outcome: Outcome) {
        self.obligationID = obligationID
        self.title = title
        self.dueAt = dueAt
        self.outcome = outcome
    }

    /// The outcome by the SLA report's rules: a waiver settles it only if it came before the notification,
    /// and spares it only if it came before the due time.
    static func outcome(dueAt: Date, metAt: Date?, waivedAt: Date?, now: Date) -> Outcome {
        if let waivedAt, metAt.map({ waivedAt <= $0 }) ?? true { return waivedAt <= dueAt ? .waived : .missed }
        if let metAt { return metAt > dueAt ? .metLate : .metInTime }
        return dueAt <= now ? .missed : .pending
    }
}

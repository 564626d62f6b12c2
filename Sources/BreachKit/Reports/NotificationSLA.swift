import BreachDomain
import Foundation

/// The notification verdict of one incident, the `notification_sla` column.
public enum NotificationSLA: String, Sendable, CaseIterable {
    /// Every obligation was met by its due time (waived ones do not spoil it), or there were none.
    case met
    /// An obligation was met late, was waived only after its due time, or is still unmet past due.
    case missed
    /// Declared, nothing missed yet, but not every obligation is met or waived.
    case pending
    /// Every obligation was waived (in time).
    case waived
    /// Never declared: no notification clock ran.
    case notDeclared = "not_declared"

    /// Counts over one incident's obligations, as the SLA query computes them.
    public struct Tally: Sendable, Equatable {
        public var total = 0
        public var met = 0
        public var waived = 0
        /// Met after the due time.
        public var metLate = 0
        /// Waived after the due time had already passed unmet.
        public var waivedLate = 0
        /// Neither met nor waived, and due at or before the report's `now`.
        public var overdue = 0

        public init(total: Int = 0, met: Int = 0, waived: Int = 0, metLate: Int = 0, waivedLate: Int = 0, overdue: Int = 0) {
            self.total = total
            self.met = met
            self.waived = waived
            self.metLate = metLate
            self.waivedLate = waivedLate
            self.overdue = overdue
        }

        /// Every obligation is met or waived (false when there are none).
        public var allSettled: Bool { total > 0 && met + waived == total }
    }

    /// The verdict for an incident, given whether it was declared and its obligation counts.
    public static func judge(declared: Bool, _ tally: Tally) -> NotificationSLA {
        guard declared else { return .notDeclared }
        if tally.metLate > 0 || tally.waivedLate > 0 || tally.overdue > 0 { return .missed }
        if tally.total == 0 { return .met }
        if tally.waived == tally.total { return .waived }
        if tally.allSettled { return .met }
        return .pending
    }
}

extension NotificationSLA.Tally {
    /// The tally of folded obligations at `now`, by the same rules as the SLA query.
    public init(_ obligations: [Obligation], now: Date) {
        self.init()
        // A withdrawn obligation (its `applies_when:` stopped holding) was never owed, as in the SLA query.
        for obligation in obligations where obligation.withdrawnAt == nil {
            total += 1
            let byWaiver = obligation.waivedAt.map { waived in obligation.metAt.map { waived <= $0 } ?? true } ?? false
            if byWaiver {
                waived += 1
                if let due = obligation.dueAt, let waivedAt = obligation.waivedAt, waivedAt > due { waivedLate += 1 }
            } else if let metAt = obligation.metAt {
                met += 1
                if let due = obligation.dueAt, metAt > due { metLate += 1 }
            } else if let due = obligation.dueAt, due <= now {
                overdue += 1
            }
        }
    }
}

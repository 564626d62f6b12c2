import Foundation

/// Why a claimed notification was not attempted in this run: it stays queued, leased to nobody, with the
/// next attempt time it had, and no attempt of its is spent.
///
/// A deferral is never an outcome of the notification: the receiver was not asked. It is reported (and
/// `check` exits 3 for a refusing transport) so that nothing waits unseen.
public enum DeliveryDeferral: Hashable, Sendable {
    /// The run's time budget (`--max-seconds`) was used up; the next run continues.
    case timeBudget
    /// The SMTP relay refused or said it was busy (421, 451, 452, connection refused) often enough that
    /// the whole transport backed off; the text is its last answer.
    case transportRefused(String)

    /// One line for the operator.
    public var message: String {
        switch self {
        case .timeBudget:
            return "left queued: the run's time budget (--max-seconds) was used; the next `breach check` continues"
        case let .transportRefused(answer):
            return "left queued, no attempt spent: the SMTP server refused or was busy (\(answer)); the transport backed off until the next run"
        }
    }

    /// True when a person should look: the relay refuses, not merely a budget used.
    public var needsAttention: Bool {
        if case .transportRefused = self { return true }
        return false
    }
}

import Foundation

/// When a piece of evidence says it happened at a time other than when it was written.
///
/// `--now` (and `$BREACH_NOW`) sets the effective time of every event, for drills, backfills and tests;
/// it must keep working, so its use is made impossible to hide instead: every event also records the
/// real (wall) clock, and evidence whose effective time is more than `tolerance` from it is marked
/// `backdated` wherever it is reported (`report notifications`, `report sla`, `export md`, `verify`).
public enum Backdating {
    /// How far the effective time may be from the real one before the evidence counts as backdated.
    public static let tolerance: TimeInterval = 5 * 60

    /// The event types that are evidence: delivery receipts (every attempt records one) and checkpoints.
    public static let evidenceTypes = ["notification.attempted", "notification.delivered", "notification.failed", "audit.checkpoint"]

    /// True when `effective` is more than `tolerance` away from `recorded`, either way.
    public static func isBackdated(effective: Date, recorded: Date) -> Bool {
        abs(effective.timeIntervalSince(recorded)) > tolerance
    }
}

import Foundation

/// The source of "now" for every decision; injected so that nothing reads the system time directly.
public protocol BreachClock: Sendable {
    /// The effective time of the operation being performed.
    func now() -> Date
}

/// A clock fixed at one instant: `--now`, `$BREACH_NOW`, and tests.
public struct FixedClock: BreachClock {
    public let instant: Date
    public init(_ instant: Date) { self.instant = instant }
    public func now() -> Date { instant }
}

/// The machine's wall clock, used only where no `--now` was given.
public struct SystemClock: BreachClock {
    public init() {}
    public func now() -> Date { Date() }
}

import Foundation

/// Tells, without a transaction, whether anything was committed to a store since the last look.
///
/// A long-running reader (`breach serve`) keeps what it folded and rendered, and must still see every
/// write by any process on its next request. Where the backend can answer this cheaply, a cache entry
/// stamped with the count read *before* its snapshot is current for as long as the count stays the same:
/// the snapshot held everything committed before that count was read, and any later commit changes it.
public protocol StoreChangeCounter: AnyObject, Sendable {
    /// A number that differs from every earlier answer once anyone has committed since; nil when the
    /// backend cannot tell right now (the caller then reads the store as usual).
    func current() -> Int64?
}

extension BreachStore {
    /// None by default: callers read the store on every request (PostgreSQL today).
    public func changeCounter() -> (any StoreChangeCounter)? { nil }
}

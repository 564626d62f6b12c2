import Foundation

/// Handing out incident numbers (`INC-n`) without gaps between concurrent `detect`s.
public protocol IncidentNumbering {
    /// The next unused incident number. Valid until the unit of work ends: the backend's locking
    /// guarantees no concurrent unit of work gets the same number (a duplicate append would conflict).
    func nextIncidentNumber() throws -> Int
}

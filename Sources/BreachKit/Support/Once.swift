import Foundation

/// A value made on first use and kept — or the error making it threw, thrown again to every caller.
///
/// For what a command may need several times or not at all (playbooks, the configuration file): not made
/// at start-up, never made twice, and a failure reads the same to every part of the command.
public final class Once<Value>: @unchecked Sendable {
    private let make: () throws -> Value
    private let lock = NSLock()
    private var made: Result<Value, any Error>?

    public init(_ make: @escaping () throws -> Value) {
        self.make = make
    }

    /// True once the value was asked for (made or failed).
    public var isMade: Bool {
        lock.lock()
        defer { lock.unlock() }
        return made != nil
    }

    /// The value, made now if this is the first call.
    public func get() throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if made == nil { made = Result { try make() } }
        return try made!.get()
    }
}

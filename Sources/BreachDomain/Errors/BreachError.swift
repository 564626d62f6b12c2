/// An error the user can act on: what went wrong and how to fix it, with a stable code.
///
/// Every refusal in breach is one of these; the CLI prints `message` as one line on stderr and exits
/// with the code's documented exit status (docs/exit-codes.md).
public struct BreachError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The class of failure; decides the exit status.
    public enum Code: String, Sendable, Equatable {
        /// A malformed argument or value (timestamp, stage, severity, email, URL, id).
        case invalidInput
        /// An input file (playbook, CSV import, config) that cannot be used.
        case invalidFile
        /// The incident, contact, playbook, obligation or item does not exist.
        case notFound
        /// The process rules forbid it now (backwards advance, declare twice, closed incident, …).
        case refused
        /// Someone else changed the same incident at the same time and retries did not help.
        case conflict
        /// Another process held the database's write lock for longer than the busy timeout.
        case busy
        /// The database cannot be used (cannot be opened, newer schema, corrupt).
        case database
        /// The integrity check found a divergence.
        case integrity
        /// Something that should not happen; a bug or an operating-system failure.
        case internalError
        /// The database server cannot be reached (down, unreachable, TLS required but not offered).
        case unavailable
        /// The database refused the login or the right this command needs (a read-only role writing).
        case permission
    }

    public let code: Code
    public let message: String
    /// The lower-level error this one explains (a SQLite error, a payload decoding error, a JSON
    /// parse error), kept for logs and callers that need it; never shown instead of `message`.
    public let cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, on one line: what the CLI prints after `breach: `.
    public var description: String { message }

    /// Equal when the code and the message are: what the user is told. The cause is detail that
    /// need not be comparable (and `any Error` is not `Equatable`).
    public static func == (lhs: BreachError, rhs: BreachError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    public static func invalidInput(_ message: String, cause: (any Error)? = nil) -> BreachError {
        BreachError(.invalidInput, message, cause: cause)
    }

    public static func notFound(_ message: String, cause: (any Error)? = nil) -> BreachError {
        BreachError(.notFound, message, cause: cause)
    }

    public static func refused(_ message: String, cause: (any Error)? = nil) -> BreachError {
        BreachError(.refused, message, cause: cause)
    }
}

import BreachKit

/// The documented exit statuses (docs/exit-codes.md). Never renumber a shipped one.
enum ExitStatus {
    static let success: Int32 = 0
    static let internalError: Int32 = 1
    static let overdue: Int32 = 2
    static let checkerFailed: Int32 = 3
    static let integrityFailure: Int32 = 4
    static let usage: Int32 = 64
    static let invalidFile: Int32 = 65
    static let notFound: Int32 = 66
    static let refused: Int32 = 67
    static let database: Int32 = 73
    /// sysexits' EX_CANTCREAT, shared with `database`: an output file (`check --metrics-file`) cannot be written.
    static let outputUnwritable: Int32 = 73
    static let conflict: Int32 = 75
    /// sysexits' EX_UNAVAILABLE: the database server cannot be reached.
    static let unavailable: Int32 = 69
    /// sysexits' EX_NOPERM: the database refused the login or a right.
    static let permission: Int32 = 77

    static func code(for error: BreachError) -> Int32 {
        switch error.code {
        case .invalidInput: usage
        case .invalidFile: invalidFile
        case .notFound: notFound
        case .refused: refused
        case .conflict, .busy: conflict
        case .database: database
        case .integrity: integrityFailure
        case .internalError: internalError
        case .unavailable: unavailable
        case .permission: permission
        }
    }
}

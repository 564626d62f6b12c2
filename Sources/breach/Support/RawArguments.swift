import BreachKit

/// Checks the raw bytes of argv before Swift turns them into Strings.
///
/// `CommandLine.arguments` repairs invalid UTF-8 with U+FFFD without telling anyone, so a note typed
/// in a Latin-1 terminal, or a title pasted from a binary file, would be recorded — forever, in a
/// hash-chained log — as text nobody typed. breach refuses such an argument instead.
enum RawArguments {
    /// The first argument (1-based, after the program name) that is not valid UTF-8, if any.
    static func firstInvalidUTF8() -> Int? {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            if String(validatingCString: pointer) == nil { return index }
        }
        return nil
    }

    /// Throws a usage error naming the argument that is not UTF-8.
    static func requireUTF8() throws {
        guard let index = firstInvalidUTF8() else { return }
        let shown = TextRules.printable(CommandLine.arguments[index])
        throw BreachError.invalidInput("argument \(index) ('\(shown)') is not valid UTF-8; retype it, or convert the text with `iconv -t UTF-8`")
    }

    /// The most arguments one command takes. The argument parser's cost grows with the square of the
    /// count (30 000 `--tag` options took minutes), and no command needs more: bulk data goes in files
    /// (`breach contact import FILE.csv`).
    static let maxArguments = 500

    /// Throws a usage error when there are more than `maxArguments` arguments — before parsing them.
    static func requireBounded() throws {
        let count = Int(CommandLine.argc) - 1
        guard count > maxArguments else { return }
        throw BreachError.invalidInput("\(count) arguments; the limit is \(maxArguments) — put many contacts or tags in a CSV file (`breach contact import FILE.csv`)")
    }
}

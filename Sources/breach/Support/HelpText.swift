/// Builds the discussion part of a command's `--help`: what it does, real examples, and the exit
/// statuses that are its own.
///
/// Lines stay under 80 columns so the help reads the same in any terminal and in the man page.
enum HelpText {
    /// The statuses every command may exit with; commands list only what they add (docs/exit-codes.md).
    static let usualStatuses = """
          also, as everywhere: 0 ok, 64 usage, 66 not found, 67 refused,
          73 database unusable, 75 concurrent change (docs/exit-codes.md)
        """

    static func discussion(_ text: String = "", examples: [String], exitStatuses: [(Int32, String)] = []) -> String {
        var parts: [String] = []
        if !text.isEmpty { parts.append(text) }
        parts.append((examples.count == 1 ? "Example:\n" : "Examples:\n") + examples.map { "  " + $0 }.joined(separator: "\n"))
        if !exitStatuses.isEmpty {
            // A meaning may run over several lines; they line up under its first.
            // Plain Swift, not Foundation's padding and replacing: every command's help is built at each
            // start (ArgumentParser reads all configurations), and NSString's versions cost about half a millisecond there.
            let lines = exitStatuses.map { status, meaning in
                let code = "  \(status)"
                return code + String(repeating: " ", count: max(0, 6 - code.count))
                    + meaning.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n      ")
            }
            parts.append("Exit status:\n" + lines.joined(separator: "\n") + "\n" + usualStatuses)
        }
        return parts.joined(separator: "\n\n")
    }
}

/// The hint for an argument that starts with '-' but is meant as a value (`breach detect "-1 day old leak"`).
///
/// The argument parser reads such a word as an (unknown) option, so the command then misses its
/// positional argument; the one-line error should say how to pass it.
enum DashHint {
    /// A hint to append to a parse error, or nil when no argument looks like a value starting with '-'.
    static func hint(for message: String, arguments: [String]) -> String? {
        guard message.contains("Missing expected argument") || message.contains("Unknown option") else { return nil }
        guard let value = arguments.first(where: looksLikeValue) else { return nil }
        return "'\(value.count > 40 ? String(value.prefix(37)) + "..." : value)' starts with '-' and was read as an option; put `--` before values that start with '-' (e.g. breach detect --kind data-breach --severity low -- \"-1 day old leak\")"
    }

    /// "-1 day old leak", "-5", "- x": a dash followed by a digit, a space or another non-option character.
    static func looksLikeValue(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument != "-", argument != "--" else { return false }
        let second = argument.dropFirst().first!
        return second.isNumber || second == " " || argument.contains(" ")
    }
}

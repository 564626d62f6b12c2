import BreachDomain

/// Checks on file paths given by the operator (CA bundles, secret files) before they are stored.
///
/// A path is stored in the log and printed by `contact show`, reports and error messages; a control
/// character in it (an escape sequence, a line break) would reach a terminal or forge a line, and no
/// real file needs one.
public enum PathRules {
    /// Throws a usage error naming `field` when `path` is empty or contains a control character.
    public static func validate(_ path: String, field: String) throws(BreachError) {
        guard !path.isEmpty else { throw .invalidInput("\(field) must not be empty") }
        if ExternalText.hasUnprintable(path) {
            throw .invalidInput("\(field) '\(ExternalText.sanitized(path, maxLength: 80))' contains a control character; give the plain path of the file")
        }
    }
}

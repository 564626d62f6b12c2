import Yams

/// Composes YAML text into nodes the one way breach reads its files: UTF-8, Yams' standard resolver.
enum YAMLComposer {
    /// The document's root node, or nil for an empty document.
    ///
    /// The encoding is named rather than left to `Parser.Encoding.default`, which reads the whole
    /// environment on every call and, when `YAMS_DEFAULT_ENCODING` is set, prints a line to standard
    /// output — into the JSON a caller of `breach … --json` parses.
    static func compose(_ yaml: String) throws -> Node? {
        try Yams.compose(yaml: yaml, .default, .default, .utf8)
    }
}

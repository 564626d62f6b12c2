/// A connection URI as breach shows it: never with its password.
enum PostgresLocation {
    /// `uri` without a password, whether given as `user:password@` or as `password=` parameters (all of them).
    ///
    /// Plain scans, no regular expression: every PostgreSQL command computes this before connecting, and
    /// a Foundation regular expression loaded the Unicode tables (a tenth of `breach check`'s start).
    static func redacted(_ uri: String) -> String {
        var text = Substring(uri)
        var prefix = ""
        if let scheme = uri.firstRange(of: "://") {
            prefix = String(uri[..<scheme.upperBound])
            text = uri[scheme.upperBound...]
            // The user information ends at the first "@" before the path or query.
            let authorityEnd = text.firstIndex { $0 == "/" || $0 == "?" } ?? text.endIndex
            if let at = text[..<authorityEnd].lastIndex(of: "@"), let colon = text[..<at].firstIndex(of: ":") {
                text = text[..<colon] + text[at...]
            }
        }
        guard let question = text.firstIndex(of: "?") else { return prefix + text }
        let kept = text[text.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("password=") && !$0.isEmpty }
        return prefix + text[..<question] + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }
}

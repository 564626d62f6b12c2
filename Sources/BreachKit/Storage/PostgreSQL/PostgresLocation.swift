import Foundation

/// A connection URI as breach shows it: never with its password.
enum PostgresLocation {
    /// `uri` without a password, whether given as `user:password@` or as a `password=` parameter.
    static func redacted(_ uri: String) -> String {
        var text = uri
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") {
            let userInfo = text[scheme.upperBound..<at]
            if let colon = userInfo.firstIndex(of: ":") { text.replaceSubrange(colon..<at, with: "") }
        }
        if let regex = try? NSRegularExpression(pattern: "([?&])password=[^&]*&?") {
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1")
            if text.hasSuffix("?") || text.hasSuffix("&") { text.removeLast() }
        }
        return text
    }
}

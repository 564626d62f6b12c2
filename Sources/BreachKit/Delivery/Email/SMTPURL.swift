import Foundation

/// Showing an SMTP URL safely: a URL that carries `user:password@` is never echoed as written.
public enum SMTPURL {
    /// `url` with any userinfo replaced by `***@`, printable and bounded.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return ExternalText.sanitized(url, maxLength: 120) }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return ExternalText.sanitized(url, maxLength: 120) }
        return ExternalText.sanitized(String(url[..<scheme.upperBound]) + "***@" + String(rest[rest.index(after: at)...]), maxLength: 120)
    }
}

import BreachDomain
import Foundation

/// Checks a webhook URL before it is stored or used.
///
/// Rules: at most 2048 characters; no whitespace or control characters;
/// scheme `http` or `https` only; a host; no `user:password@` userinfo;
/// `https` required unless the host is a literal loopback address (`LoopbackAddress`: 127.0.0.0/8 in
/// canonical dotted-quad form, ::1; never a name such as localhost).
public enum WebhookURLValidator {
    public static let maxLength = 2048

    /// Returns nil when `url` is acceptable, else a message naming the fix.
    public static func problem(with url: String) -> String? {
        do { try validate(url); return nil } catch { return error.message }
    }

    /// Throws `DeliveryError.Code.invalidWebhookURL` with a message naming the fix.
    public static func validate(_ url: String) throws(DeliveryError) {
        func fail(_ message: String) -> DeliveryError { DeliveryError(.invalidWebhookURL, message) }
        if url.isEmpty { throw fail("webhook URL is empty; give an https:// URL") }
        if url.utf8.count > maxLength {
            throw fail("webhook URL is \(url.utf8.count) bytes long; the limit is \(maxLength)")
        }
        // Printable ASCII without a space has none of them; only other text needs the scalar properties.
        let printableASCII = url.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        if !printableASCII, url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
            throw fail("webhook URL contains whitespace, CR/LF or a control character; percent-encode it (e.g. %20)")
        }
        guard let colon = url.firstIndex(of: ":") else {
            throw fail("webhook URL '\(url)' has no scheme; write it as https://host/path")
        }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw fail("webhook URL scheme '\(scheme)' is not allowed; only https:// (or http:// to a loopback host) can be used")
        }
        guard url[colon...].hasPrefix("://"), let components = URLComponents(string: url) else {
            throw fail("webhook URL '\(url)' is malformed; write it as https://host/path")
        }
        if components.user != nil || components.password != nil || url[url.index(colon, offsetBy: 3)...].prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" }).contains("@") {
            throw fail("webhook URL must not contain user:password@; put the credential in the contact's webhook secret instead")
        }
        guard let host = components.host, !host.isEmpty else {
            throw fail("webhook URL '\(url)' has no host; write it as https://host/path")
        }
        if scheme == "http" {
            // The host as libcurl reads it: the authority up to the first '/', '?' or '#', without the port.
            // Checked as well as URLComponents' host so that no parser difference can let a name through.
            let authority = url[url.index(colon, offsetBy: 3)...].prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
            let rawHost = authority.hasPrefix("[") ? String(authority.prefix(while: { $0 != "]" })) + "]"
                                                   : String(authority.prefix(while: { $0 != ":" }))
            guard isLoopback(host), isLoopback(rawHost) else {
                throw fail("webhook URL uses http:// to \(TextRules.printable(rawHost)); use https:// (plain http is allowed only to a literal loopback address: 127.0.0.1 … 127.255.255.255 or [::1], never a name)")
            }
        }
    }

    /// True only for a literal loopback address (see `LoopbackAddress.isLiteral`).
    public static func isLoopback(_ host: String) -> Bool { LoopbackAddress.isLiteral(host) }
}

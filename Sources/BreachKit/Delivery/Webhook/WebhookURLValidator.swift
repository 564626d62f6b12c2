import Foundation

/// Checks a webhook URL before it is stored or used.
///
/// Rules: at most 2048 characters; no whitespace or control characters;
/// scheme `http` or `https` only; a host; no `user:password@` userinfo;
/// `https` required unless the host is loopback (127.0.0.0/8, ::1, localhost).
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
        if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
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
        if scheme == "http" && !isLoopback(host) {
            throw fail("webhook URL uses http:// to \(host); use https:// (plain http is allowed only to 127.0.0.1, ::1 or localhost)")
        }
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ rawHost: String) -> Bool {
        var host = rawHost.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "localhost." || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return false
        }
        return octets[0] == "127" && octets.allSatisfy { (Int($0) ?? 256) <= 255 }
    }
}

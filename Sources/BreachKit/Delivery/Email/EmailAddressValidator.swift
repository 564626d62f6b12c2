/// Checks an email address in the RFC 5321 `local@domain` form breach sends to.
///
/// Accepted: a dot-atom local part of at most 64 octets (letters, digits and
/// ``!#$%&'*+/=?^_`{|}~-``, dots not leading, trailing or doubled), a domain
/// of dot-separated labels (letters, digits, inner hyphens, at most 63 octets
/// each, 253 in all) that contains a dot or is `localhost`, at most 254
/// octets overall. Display names, quoted local parts, address literals and
/// non-ASCII (use the punycode `xn--` form of the domain) are refused.
public enum EmailAddressValidator {
    /// Returns nil when `address` is acceptable, else a message naming the fix.
    public static func problem(with address: String) -> String? {
        do { try validate(address); return nil } catch { return error.message }
    }

    /// Throws `DeliveryError.Code.invalidEmailAddress` with a message naming the fix.
    public static func validate(_ address: String) throws(DeliveryError) {
        func fail(_ why: String) -> DeliveryError {
            DeliveryError(.invalidEmailAddress, "invalid email address '\(printable(address))': \(why)")
        }
        if address.isEmpty { throw fail("it is empty; write it as name@example.com") }
        if address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw fail("it contains a control character (CR, LF, tab…); remove it")
        }
        if address.contains(" ") { throw fail("it contains a space; write only the address, as name@example.com, without a display name") }
        if !address.allSatisfy(\.isASCII) {
            throw fail("it contains non-ASCII characters; use the ASCII (punycode xn--) form of the domain and an ASCII local part")
        }
        if address.utf8.count > 254 { throw fail("it is \(address.utf8.count) characters long; the limit is 254") }
        guard let at = address.lastIndex(of: "@"), address.firstIndex(of: "@") == at else {
            throw fail("it must contain exactly one @, as in name@example.com")
        }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        if local.isEmpty { throw fail("nothing before the @; write it as name@example.com") }
        if local.utf8.count > 64 { throw fail("the part before the @ is longer than 64 characters") }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-")
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") {
            throw fail("the part before the @ must not start or end with a dot or contain two dots in a row")
        }
        if let bad = local.first(where: { $0 != "." && !atext.contains($0) }) {
            throw fail("the character '\(bad)' is not allowed before the @")
        }
        if domain.isEmpty { throw fail("nothing after the @; write it as name@example.com") }
        if domain.utf8.count > 253 { throw fail("the domain is longer than 253 characters") }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 && domain.lowercased() != "localhost" {
            throw fail("the domain '\(domain)' has no dot; write a full domain such as example.com")
        }
        for label in labels {
            if label.isEmpty { throw fail("the domain '\(domain)' has an empty label (two dots in a row, or a leading/trailing dot)") }
            if label.utf8.count > 63 { throw fail("the domain label '\(label)' is longer than 63 characters") }
            if label.hasPrefix("-") || label.hasSuffix("-") { throw fail("the domain label '\(label)' starts or ends with a hyphen") }
            if let bad = label.first(where: { !($0.isLetter || $0.isNumber || $0 == "-") }) {
                throw fail("the character '\(bad)' is not allowed in the domain")
            }
        }
    }

    /// The address with control characters shown as `\u{…}` so error lines stay one line.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.flatMap { scalar -> [Character] in
            scalar.value < 0x20 || scalar.value == 0x7F ? Array("\\u{\(String(scalar.value, radix: 16))}") : [Character(scalar)]
        })
    }
}

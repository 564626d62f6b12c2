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
        // From here on every character is one ASCII byte: the checks read bytes (an import validates 100,000).
        if !address.utf8.allSatisfy({ $0 < 0x80 }) {
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
        let dot = UInt8(ascii: ".")
        if local.utf8.first == dot || local.utf8.last == dot || zip(local.utf8, local.utf8.dropFirst()).contains(where: { $0 == dot && $1 == dot }) {
            throw fail("the part before the @ must not start or end with a dot or contain two dots in a row")
        }
        if let bad = local.utf8.first(where: { $0 != dot && !atext[Int($0)] }) {
            throw fail("the character '\(Character(Unicode.Scalar(bad)))' is not allowed before the @")
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
            if let bad = label.utf8.first(where: { !(isLetterOrDigit($0) || $0 == UInt8(ascii: "-")) }) {
                throw fail("the character '\(Character(Unicode.Scalar(bad)))' is not allowed in the domain")
            }
        }
    }

    /// The ASCII bytes allowed in a dot-atom (RFC 5322 `atext`), by byte value.
    private static let atext: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "!#$%&'*+/=?^_`{|}~-".utf8 { table[Int(byte)] = true }
        for byte in 0..<128 where EmailAddressValidator.isLetterOrDigit(UInt8(byte)) { table[byte] = true }
        return table
    }()

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// The address with control characters shown as `\u{…}` so error lines stay one line.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.flatMap { scalar -> [Character] in
            scalar.value < 0x20 || scalar.value == 0x7F ? Array("\\u{\(String(scalar.value, radix: 16))}") : [Character(scalar)]
        })
    }
}

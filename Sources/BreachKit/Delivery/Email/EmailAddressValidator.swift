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
        // In UTF-8 these are single bytes, never part of a longer sequence.
        if address.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw fail("it contains a control character (CR, LF, tab…); remove it")
        }
        // Read as bytes from here on: an import validates 100,000 addresses, and `String.contains` and
        // `split` went through Foundation's NSString search and grapheme breaking (a fifth of an import).
        let checked = address.utf8.withContiguousStorageIfAvailable { bytes in problem(bytes, fail: fail) }
            ?? Array(address.utf8).withUnsafeBufferPointer { bytes in problem(bytes, fail: fail) }
        if let checked { throw checked }
    }

    /// The first problem with the (control-character-free, non-empty) address `bytes`, or nil.
    private static func problem(_ bytes: UnsafeBufferPointer<UInt8>, fail: (String) -> DeliveryError) -> DeliveryError? {
        let space = UInt8(ascii: " "), at = UInt8(ascii: "@"), dot = UInt8(ascii: "."), hyphen = UInt8(ascii: "-")
        func text(_ part: Slice<UnsafeBufferPointer<UInt8>>) -> String { String(decoding: part, as: UTF8.self) }
        if bytes.contains(space) { return fail("it contains a space; write only the address, as name@example.com, without a display name") }
        if bytes.contains(where: { $0 >= 0x80 }) {
            return fail("it contains non-ASCII characters; use the ASCII (punycode xn--) form of the domain and an ASCII local part")
        }
        if bytes.count > 254 { return fail("it is \(bytes.count) characters long; the limit is 254") }
        guard let atIndex = bytes.lastIndex(of: at), bytes.firstIndex(of: at) == atIndex else {
            return fail("it must contain exactly one @, as in name@example.com")
        }
        let local = bytes[..<atIndex]
        let domain = bytes[(atIndex + 1)...]
        if local.isEmpty { return fail("nothing before the @; write it as name@example.com") }
        if local.count > 64 { return fail("the part before the @ is longer than 64 characters") }
        if local.first == dot || local.last == dot || zip(local, local.dropFirst()).contains(where: { $0 == dot && $1 == dot }) {
            return fail("the part before the @ must not start or end with a dot or contain two dots in a row")
        }
        if let bad = local.first(where: { $0 != dot && !atext[Int($0)] }) {
            return fail("the character '\(Character(Unicode.Scalar(bad)))' is not allowed before the @")
        }
        if domain.isEmpty { return fail("nothing after the @; write it as name@example.com") }
        if domain.count > 253 { return fail("the domain is longer than 253 characters") }
        let labels = domain.split(separator: dot, omittingEmptySubsequences: false)
        if labels.count < 2 && text(domain).lowercased() != "localhost" {
            return fail("the domain '\(text(domain))' has no dot; write a full domain such as example.com")
        }
        for label in labels {
            if label.isEmpty { return fail("the domain '\(text(domain))' has an empty label (two dots in a row, or a leading/trailing dot)") }
            if label.count > 63 { return fail("the domain label '\(text(label))' is longer than 63 characters") }
            if label.first == hyphen || label.last == hyphen { return fail("the domain label '\(text(label))' starts or ends with a hyphen") }
            if let bad = label.first(where: { !(isLetterOrDigit($0) || $0 == hyphen) }) {
                return fail("the character '\(Character(Unicode.Scalar(bad)))' is not allowed in the domain")
            }
        }
        return nil
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

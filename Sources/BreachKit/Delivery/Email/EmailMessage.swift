import Foundation

/// A plain-text notification email, rendered as an RFC 5322 message.
///
/// Rendered headers, in order: `Date` (UTC, `+0000`), `Message-ID`
/// (`<id@domain-of-from>`), `From`, `To`, `Subject` (RFC 2047 encoded when
/// not plain ASCII or too long), `MIME-Version: 1.0`,
/// `Content-Type: text/plain; charset=utf-8`, `Content-Transfer-Encoding`
/// (`7bit` for short-lined ASCII, else `quoted-printable`). Every line ends
/// in CRLF. Dot-stuffing is left to libcurl, which does it while sending DATA.
///
/// Header values with CR, LF or any other control character are refused,
/// which rules out header injection; addresses must pass `EmailAddressValidator`.
public struct EmailMessage: Sendable, Equatable {
    /// The notification id; the local part of `Message-ID`.
    public var id: String
    /// The sender address (also the SMTP envelope sender).
    public var from: String
    /// The recipient addresses (also the SMTP envelope recipients).
    public var to: [String]
    public var subject: String
    /// Plain text; any line ending style is normalised to CRLF.
    public var body: String
    /// The `Date:` header; comes from the injected clock.
    public var date: Date

    public init(id: String, from: String, to: [String], subject: String, body: String, date: Date) {
        self.id = id
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
    }

    /// `<id@domain-of-from>`.
    public var messageID: String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        return "<\(id)@\(domain)>"
    }

    /// Validates and renders the message; throws `DeliveryError` naming what is wrong.
    public func render() throws(DeliveryError) -> Data {
        try validate()
        let normalized = Self.normalizeLineEndings(body)
        let lines = normalized.components(separatedBy: "\r\n")
        let sevenBit = normalized.unicodeScalars.allSatisfy { $0.value == 0x09 || $0.value == 0x0D || $0.value == 0x0A || ($0.value >= 0x20 && $0.value < 0x7F) }
            && lines.allSatisfy { $0.utf8.count <= 998 }
        var encodedBody = sevenBit ? normalized : MIMEEncoding.quotedPrintable(normalized)
        if !encodedBody.hasSuffix("\r\n") { encodedBody += "\r\n" }

        var text = ""
        func header(_ name: String, _ value: String) { text += "\(name): \(value)\r\n" }
        header("Date", RFC5322Date.string(from: date))
        header("Message-ID", messageID)
        header("From", from)
        header("To", to.joined(separator: ",\r\n "))
        header("Subject", MIMEEncoding.encodeHeaderText(subject, headerNameLength: "Subject: ".count))
        header("MIME-Version", "1.0")
        header("Content-Type", "text/plain; charset=utf-8")
        header("Content-Transfer-Encoding", sevenBit ? "7bit" : "quoted-printable")
        text += "\r\n"
        text += encodedBody
        return Data(text.utf8)
    }

    /// Checks ids, addresses and header values without rendering.
    public func validate() throws(DeliveryError) {
        if id.isEmpty || id.utf8.count > 128 || id.hasPrefix(".") || id.hasSuffix(".")
            || !id.unicodeScalars.allSatisfy({ ($0.value < 0x80 && (CharacterSet.alphanumerics.contains($0))) || $0 == "." || $0 == "-" || $0 == "_" })
        {
            throw DeliveryError(.invalidMessage, "notification id '\(EmailAddressValidator.printable(id))' cannot form a Message-ID; use 1-128 ASCII letters, digits, '.', '-' or '_'")
        }
        try Self.checkHeaderValue("From", from)
        try EmailAddressValidator.validate(from)
        if to.isEmpty {
            throw DeliveryError(.invalidMessage, "the email has no recipient; add at least one To address")
        }
        for address in to {
            try Self.checkHeaderValue("To", address)
            try EmailAddressValidator.validate(address)
        }
        try Self.checkHeaderValue("Subject", subject)
        if body.unicodeScalars.contains(where: { $0.value == 0 }) {
            throw DeliveryError(.invalidMessage, "the email body contains a NUL character; remove it")
        }
    }

    /// Refuses CR, LF and every other control character in a header value.
    public static func checkHeaderValue(_ name: String, _ value: String) throws(DeliveryError) {
        if let bad = value.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
            let what = bad == "\r" ? "a carriage return (CR)" : bad == "\n" ? "a line feed (LF)" : "the control character U+\(String(format: "%04X", bad.value))"
            throw DeliveryError(.invalidHeader, "the \(name) header value contains \(what), which could inject headers; remove line breaks and control characters from it")
        }
    }

    static func normalizeLineEndings(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }
}

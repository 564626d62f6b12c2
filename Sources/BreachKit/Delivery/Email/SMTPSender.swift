import CCurlShim
import Foundation

/// Sends emails over SMTP with libcurl, one message after another on one
/// easy handle, so the connection (and its TLS session and AUTH) is reused.
///
/// Per message: MAIL FROM (`settings.from`), RCPT TO for every recipient
/// (all must be accepted), DATA with the rendered bytes (libcurl does the
/// dot-stuffing and the final `CRLF.CRLF`). Delivered means the server
/// answered the end of DATA with 2xx; the receipt is the server's reply
/// line. TLS verification is always on; STARTTLS is required with
/// `requireStartTLS`. Synchronous: blocks the calling thread.
public struct SMTPSender: Sendable {
    public let settings: SMTPSettings

    /// Validates `settings`; throws `DeliveryError.Code.invalidSMTPSettings` naming the fix.
    public init(settings: SMTPSettings) throws(DeliveryError) {
        try settings.validate()
        self.settings = settings
    }

    /// Sends every email once, in order, and returns one receipt per email id.
    /// A repeated id is sent only once (the first email with it).
    public func send(_ emails: [OutgoingEmail]) -> [String: DeliveryReceipt] {
        var receipts: [String: DeliveryReceipt] = [:]
        var queue: [OutgoingEmail] = []
        var seen = Set<String>()
        for email in emails where seen.insert(email.id).inserted {
            if let problem = Self.problem(with: email) {
                receipts[email.id] = DeliveryReceipt(outcome: .failed, receipt: "refused before sending: \(problem)")
            } else {
                queue.append(email)
            }
        }
        guard !queue.isEmpty else { return receipts }
        let easy: CurlEasy
        do throws(DeliveryError) {
            easy = try CurlEasy()
            try configure(easy)
        } catch {
            for email in queue { receipts[email.id] = DeliveryReceipt(outcome: .retry, receipt: "not sent: \(scrub(error.message))") }
            return receipts
        }
        for email in queue {
            receipts[email.id] = send(email, on: easy)
        }
        return receipts
    }

    /// One attempt at `email` on `easy` (configured by `configure`); the connection is kept for the next.
    func send(_ email: OutgoingEmail, on easy: CurlEasy) -> DeliveryReceipt {
        attempt(email, on: easy).receipt
    }

    /// One attempt, and whether the relay turned the connection away at its greeting (`refusedAtGreeting`).
    func attempt(_ email: OutgoingEmail, on easy: CurlEasy) -> (receipt: DeliveryReceipt, refusedAtGreeting: Bool) {
        let receipt = exchange(email, on: easy)
        return (receipt, receipt.smtpCode.map { (400..<500).contains($0) } == true && Self.refusedAtGreeting(easy.capturedHeaders))
    }

    private func exchange(_ email: OutgoingEmail, on easy: CurlEasy) -> DeliveryReceipt {
        do throws(DeliveryError) {
            easy.resetCapture()
            try easy.set(CURLOPT_MAIL_RCPT, list: email.recipients.map { "<\($0)>" }, "CURLOPT_MAIL_RCPT")
            try easy.setUpload(email.data)
        } catch {
            return DeliveryReceipt(outcome: .retry, receipt: "not sent: \(scrub(error.message))")
        }
        let code = easy.perform()
        let reply = Self.lastReply(in: easy.capturedHeaders)
        let receipt = DeliveryClassifier.smtp(
            curlCode: code,
            curlMessage: code == 0 ? "" : easy.errorText(for: code),
            replyCode: easy.responseCode,
            replyText: reply,
            duration: easy.totalTime)
        var scrubbed = receipt
        scrubbed.receipt = scrub(receipt.receipt)
        return scrubbed
    }

    func configure(_ easy: CurlEasy) throws(DeliveryError) {
        try easy.attachCapture(upload: true)
        try easy.set(CURLOPT_URL, settings.url, "CURLOPT_URL")
        try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps", "CURLOPT_PROTOCOLS_STR")
        try easy.set(CURLOPT_PROXY, "", "CURLOPT_PROXY")
        try easy.set(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1, "CURLOPT_SSL_VERIFYPEER")
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2, "CURLOPT_SSL_VERIFYHOST")
        if let bundle = settings.caBundlePath, !bundle.isEmpty {
            try easy.trustOnly(caBundle: bundle)
        }
        if settings.requireStartTLS {
            try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue), "CURLOPT_USE_SSL")
        }
        if let username = settings.username, let password = settings.password {
            try easy.set(CURLOPT_USERNAME, username, "CURLOPT_USERNAME")
            try easy.set(CURLOPT_PASSWORD, password, "CURLOPT_PASSWORD")
        }
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, WebhookSender.milliseconds(settings.connectTimeout), "CURLOPT_CONNECTTIMEOUT_MS")
        try easy.set(CURLOPT_TIMEOUT_MS, WebhookSender.milliseconds(settings.totalTimeout), "CURLOPT_TIMEOUT_MS")
        try easy.set(CURLOPT_MAIL_FROM, "<\(settings.from)>", "CURLOPT_MAIL_FROM")
        try easy.set(CURLOPT_UPLOAD, 1, "CURLOPT_UPLOAD")
    }

    /// Why an email cannot be sent at all, or nil.
    static func problem(with email: OutgoingEmail) -> String? {
        if email.recipients.isEmpty { return "the email has no recipient" }
        for recipient in email.recipients {
            if let problem = EmailAddressValidator.problem(with: recipient) { return problem }
        }
        if email.data.isEmpty { return "the email is empty" }
        return nil
    }

    /// Whether the server's first reply in `captured` was a refusal (4xx) rather than its 220 greeting: a
    /// relay turning a new connection away (e.g. 421 too many connections), before any message.
    static func refusedAtGreeting(_ captured: String) -> Bool {
        for rawLine in captured.split(whereSeparator: \.isNewline) {
            let bytes = Array(rawLine.utf8)
            guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            return bytes[0] == 0x34
        }
        return false
    }

    /// The final line of the last server reply (`250 2.0.0 Ok: queued`), if any.
    static func lastReply(in captured: String) -> String? {
        var last: String?
        for rawLine in captured.split(whereSeparator: \.isNewline) {
            let line = String(rawLine)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            if bytes.count == 3 || bytes[3] == 0x20 { last = line }
        }
        return last
    }

    /// Removes the password (and its base64 forms) from text that may be shown or stored.
    func scrub(_ text: String) -> String {
        guard let password = settings.password, password.count >= 3 else { return text }
        var result = text.replacingOccurrences(of: password, with: "[redacted]")
        let b64 = Data(password.utf8).base64EncodedString()
        result = result.replacingOccurrences(of: b64, with: "[redacted]")
        if let username = settings.username {
            let plain = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            result = result.replacingOccurrences(of: plain, with: "[redacted]")
        }
        return result
    }
}

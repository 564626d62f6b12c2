import Foundation

/// How to reach the SMTP server.
///
/// - `url`: `smtp://host[:port]` (plain, or STARTTLS with `requireStartTLS`)
///   or `smtps://host[:port]` (TLS from the first byte). An optional path is
///   the EHLO name, as in libcurl.
/// - `requireStartTLS`: for `smtp://`, upgrade with STARTTLS or fail
///   (CURLUSESSL_ALL). Without it, `smtp://` is plain text.
/// - `username` / `password`: AUTH credentials (the password resolved by the
///   caller from an environment variable). Both or neither. They are only
///   sent over TLS, or to a loopback relay. The password is never logged nor
///   put in receipts or errors.
/// - `from`: the envelope sender (MAIL FROM).
/// - `caBundlePath`: a PEM CA bundle for a private or self-signed server certificate.
/// - `connectTimeout` / `totalTimeout`: seconds, per message.
/// - `maxConnections`: how many connections `SMTPTransport` sends over at once.
/// - `maxPerMinute`: at most this many messages a minute across them; nil: no limit.
public struct SMTPSettings: Sendable, Equatable {
    public var url: String
    public var requireStartTLS: Bool
    public var username: String?
    public var password: String?
    public var from: String
    public var caBundlePath: String?
    public var connectTimeout: TimeInterval
    public var totalTimeout: TimeInterval
    public var maxConnections: Int
    public var maxPerMinute: Int?

    public init(
        url: String,
        requireStartTLS: Bool = false,
        username: String? = nil,
        password: String? = nil,
        from: String,
        caBundlePath: String? = nil,
        connectTimeout: TimeInterval = 10,
        totalTimeout: TimeInterval = 60,
        maxConnections: Int = BreachConfiguration.SMTP.defaultMaxConnections,
        maxPerMinute: Int? = nil
    ) {
        self.url = url
        self.requireStartTLS = requireStartTLS
        self.username = username
        self.password = password
        self.from = from
        self.caBundlePath = caBundlePath
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxConnections = maxConnections
        self.maxPerMinute = maxPerMinute
    }

    /// True for `smtps://` URLs.
    public var isImplicitTLS: Bool { url.lowercased().hasPrefix("smtps://") }

    /// Checks the settings; throws `DeliveryError.Code.invalidSMTPSettings` naming the fix.
    public func validate() throws(DeliveryError) {
        func fail(_ message: String) -> DeliveryError { DeliveryError(.invalidSMTPSettings, message) }
        let lower = url.lowercased()
        guard lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://") else {
            throw fail("SMTP URL '\(SMTPURL.redacted(url))' must start with smtp:// or smtps://")
        }
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            throw fail("SMTP URL contains whitespace or a control character; remove it")
        }
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw fail("SMTP URL '\(SMTPURL.redacted(url))' has no host; write it as smtp://mail.example.com:587")
        }
        if components.user != nil || components.password != nil {
            throw fail("SMTP URL must not contain user:password@; set the username and the password's environment variable instead")
        }
        if isImplicitTLS && requireStartTLS {
            throw fail("smtps:// is already TLS from the first byte; drop require_starttls or use smtp:// with STARTTLS")
        }
        try EmailAddressValidator.validate(from)
        if (username == nil) != (password == nil) {
            throw fail("SMTP AUTH needs both a username and a password (from its environment variable); set both or neither")
        }
        if username != nil && !isImplicitTLS && !requireStartTLS && !WebhookURLValidator.isLoopback(host) {
            throw fail("SMTP AUTH over plain smtp:// to \(host) would send the password in clear; set require_starttls or use smtps://")
        }
        if let username, username.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw fail("SMTP username contains a control character; remove it")
        }
        if connectTimeout <= 0 || totalTimeout <= 0 {
            throw fail("SMTP timeouts must be positive numbers of seconds")
        }
        if maxConnections < 1 || (maxPerMinute ?? 1) < 1 {
            throw fail("smtp.max_connections and smtp.max_per_minute must be at least 1")
        }
    }
}

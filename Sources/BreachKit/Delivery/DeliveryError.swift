/// An error of the delivery area: bad input refused before any I/O, or a
/// transport that could not be set up. The message says what was wrong and
/// what to do instead; it never contains a secret.
public struct DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, matchable kind of error (open to new values).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A webhook URL that is not an acceptable http(s) URL.
        public static let invalidWebhookURL = Code("invalid_webhook_url")
        /// An email address that is not `local@domain`.
        public static let invalidEmailAddress = Code("invalid_email_address")
        /// A header value with CR, LF or another control character, or another malformed header.
        public static let invalidHeader = Code("invalid_header")
        /// An email message that cannot be built (no recipient, bad id, NUL in body…).
        public static let invalidMessage = Code("invalid_message")
        /// SMTP settings that cannot work (bad URL, credentials without TLS…).
        public static let invalidSMTPSettings = Code("invalid_smtp_settings")
        /// A webhook secret that cannot be used by its contact's format (a `whsec_` secret that is not base64).
        public static let invalidWebhookSecret = Code("invalid_webhook_secret")
        /// A request meant to be signed (its contact has a secret reference) that has no secret.
        public static let missingSignature = Code("missing_signature")
        /// libcurl could not be initialised or refused an option.
        public static let transportSetup = Code("transport_setup")

        /// Lets callers write `catch DeliveryError.Code.invalidHeader`.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? DeliveryError)?.code == code
        }
    }

    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

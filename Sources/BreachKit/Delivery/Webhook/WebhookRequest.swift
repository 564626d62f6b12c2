import Foundation

/// One webhook notification to POST.
public struct WebhookRequest: Sendable, Equatable {
    /// The notification id; sent as `Idempotency-Key` and used to key receipts.
    public var id: String
    /// An `http`/`https` URL (see `WebhookURLValidator`).
    public var url: String
    /// The JSON body, sent byte for byte.
    public var body: Data
    /// The contact's shared secret, already resolved; nil sends no signature.
    public var secret: String?
    /// How the secret signs the request: breach's `X-Breach-Signature`, or Standard Webhooks headers.
    public var signatureScheme: WebhookSignatureScheme
    /// The contact has a secret reference: the sender refuses to post without a (non-empty) secret, so
    /// nothing meant to be signed ever leaves unsigned, whatever the caller resolved.
    public var requiresSignature: Bool = false
    /// A PEM CA bundle to verify the server with, instead of the system store.
    public var caBundlePath: String?
    /// Seconds allowed to establish the connection (TCP + TLS).
    public var connectTimeout: TimeInterval
    /// Seconds allowed for the whole exchange.
    public var totalTimeout: TimeInterval

    public init(
        id: String,
        url: String,
        body: Data,
        secret: String? = nil,
        signatureScheme: WebhookSignatureScheme = .breach,
        caBundlePath: String? = nil,
        connectTimeout: TimeInterval = 10,
        totalTimeout: TimeInterval = 30
    ) {
        self.id = id
        self.url = url
        self.body = body
        self.secret = secret
        self.signatureScheme = signatureScheme
        self.caBundlePath = caBundlePath
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }
}

/// Which headers sign a webhook request.
public enum WebhookSignatureScheme: Sendable, Equatable {
    /// `X-Breach-Timestamp` and `X-Breach-Signature: sha256=<hex>` (`WebhookSigner`), keyed by the secret's bytes.
    case breach
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` (`StandardWebhookSigner`), keyed by a `whsec_` secret.
    case standard
}

import Crypto
import Foundation

/// Signs webhook requests as the Standard Webhooks specification says, so receivers verify them with an
/// off-the-shelf library instead of code written for breach.
///
/// `webhook-id: <notification id>` (the same on every retry, so receivers de-duplicate on it),
/// `webhook-timestamp: <unix seconds>` and `webhook-signature: v1,<base64 HMAC-SHA256>` over
/// `"<id>.<timestamp>.<body>"`. The secret is given as `whsec_<base64>`; the HMAC key is the decoded part.
public enum StandardWebhookSigner {
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"
    /// The prefix that marks a Standard Webhooks secret.
    public static let secretPrefix = "whsec_"

    /// The HMAC key of a `whsec_<base64>` secret, or a `.invalidWebhookSecret` error saying how to make one.
    ///
    /// Padding may be left off (as the reference libraries allow); the decoded key must not be empty.
    public static func key(fromSecret secret: String) throws(DeliveryError) -> Data {
        let howTo = "; make one with: echo \"whsec_$(openssl rand -base64 32)\""
        guard secret.hasPrefix(secretPrefix) else {
            throw DeliveryError(.invalidWebhookSecret, "is not a Standard Webhooks secret: it must start with whsec_ followed by base64\(howTo)")
        }
        var encoded = String(secret.dropFirst(secretPrefix.count))
        while encoded.hasSuffix("=") { encoded.removeLast() }
        let remainder = encoded.utf8.count % 4
        if remainder == 1 {
            throw DeliveryError(.invalidWebhookSecret, "is not a Standard Webhooks secret: the part after whsec_ is not valid base64\(howTo)")
        }
        if remainder > 0 { encoded += String(repeating: "=", count: 4 - remainder) }
        guard let key = Data(base64Encoded: encoded) else {
            throw DeliveryError(.invalidWebhookSecret, "is not a Standard Webhooks secret: the part after whsec_ is not valid base64\(howTo)")
        }
        guard !key.isEmpty else {
            throw DeliveryError(.invalidWebhookSecret, "is not a Standard Webhooks secret: the key after whsec_ is empty\(howTo)")
        }
        return key
    }

    /// `v1,<base64>` over `"<id>.<timestamp>.<body>"`.
    public static func signature(key: Data, id: String, timestamp: String, body: Data) -> String {
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers (name, value) for `body` sent as message `id` at `now`.
    public static func headers(key: Data, id: String, body: Data, now: Date) -> [(name: String, value: String)] {
        let stamp = WebhookSigner.timestamp(for: now)
        return [(idHeader, id), (timestampHeader, stamp), (signatureHeader, signature(key: key, id: id, timestamp: stamp, body: body))]
    }
}

import Crypto
import Foundation

/// Signs webhook bodies so receivers can check they come from breach.
///
/// `X-Breach-Timestamp: <unix seconds>` and
/// `X-Breach-Signature: sha256=<lowercase hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
/// Receivers recompute the HMAC over the timestamp header, a `.`, and the raw
/// body bytes, compare in constant time, and reject stale timestamps.
public enum WebhookSigner {
    public static let signatureHeader = "X-Breach-Signature"
    public static let timestampHeader = "X-Breach-Timestamp"

    /// The Unix-seconds timestamp sent for `now`.
    public static func timestamp(for now: Date) -> String {
        String(Int64(now.timeIntervalSince1970.rounded(.down)))
    }

    /// `sha256=<hex>` over `"<timestamp>.<body>"`.
    public static func signature(secret: String, timestamp: String, body: Data) -> String {
        // Fed in pieces: the body is not copied into a message of its own first.
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: Data(secret.utf8)))
        hmac.update(data: Data(timestamp.utf8))
        hmac.update(data: [UInt8(ascii: ".")])
        hmac.update(data: body)
        let mac = hmac.finalize()
        // Not `String(format: "%02x")` per byte: Foundation's formatter was a visible share of a fan-out.
        return "sha256=" + EventHasher.hex(mac)
    }

    /// The two signature headers (name, value) for `body` at `now`.
    public static func headers(secret: String, body: Data, now: Date) -> [(name: String, value: String)] {
        let stamp = timestamp(for: now)
        return [(timestampHeader, stamp), (signatureHeader, signature(secret: secret, timestamp: stamp, body: body))]
    }
}

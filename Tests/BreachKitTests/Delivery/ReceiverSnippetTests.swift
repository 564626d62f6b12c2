import BreachKit
import Crypto
import Foundation
import Testing

// The Swift receiver snippet from docs/delivery.md, kept compiling and correct here.
private func verify(secret: String, timestamp: String, signature: String, body: Data, now: Date, tolerance: TimeInterval = 300) -> Bool {
    guard let seconds = TimeInterval(timestamp), abs(now.timeIntervalSince1970 - seconds) <= tolerance,
          signature.hasPrefix("sha256="), let mac = Data(hexString: String(signature.dropFirst(7))) else { return false }
    var message = Data(timestamp.utf8)
    message.append(UInt8(ascii: "."))
    message.append(body)
    return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message, using: SymmetricKey(data: Data(secret.utf8)))
}

extension Data {
    fileprivate init?(hexString: String) {
        guard hexString.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hexString.startIndex
        while index < hexString.endIndex {
            let next = hexString.index(index, offsetBy: 2)
            guard let byte = UInt8(hexString[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}

@Suite("Receiver snippet from docs/delivery.md")
struct ReceiverSnippetTests {
    @Test func verifiesWhatTheSignerProduces() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let body = Data(#"{"incident":"INC-9"}"#.utf8)
        let headers = WebhookSigner.headers(secret: "s3cret", body: body, now: now)
        #expect(verify(secret: "s3cret", timestamp: headers[0].value, signature: headers[1].value, body: body, now: now))
        #expect(!verify(secret: "other", timestamp: headers[0].value, signature: headers[1].value, body: body, now: now))
        #expect(!verify(secret: "s3cret", timestamp: headers[0].value, signature: headers[1].value, body: body + Data(" ".utf8), now: now))
        #expect(!verify(secret: "s3cret", timestamp: headers[0].value, signature: headers[1].value, body: body, now: now.addingTimeInterval(301)))
    }
}

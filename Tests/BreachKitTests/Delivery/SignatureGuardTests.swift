import BreachKit
import Foundation
import Testing

/// Issue 18: the sender itself refuses to post a request that must be signed without a secret.
@Suite("Delivery: never unsigned when a signature is required")
struct SignatureGuardTests {
    @Test(arguments: [nil, ""] as [String?])
    func aRequestThatMustBeSignedIsRefusedWithoutASecret(secret: String?) {
        // Port 1 on loopback: were the request attempted, the receipt would be a retry (connection refused).
        var request = WebhookRequest(id: "INC-1.n1", url: "http://127.0.0.1:1/hook", body: Data("{}".utf8), secret: secret)
        request.requiresSignature = true
        let receipt = WebhookSender().send([request], now: Date())["INC-1.n1"]
        #expect(receipt?.outcome == .failed, "\(String(describing: receipt))")
        #expect(receipt?.receipt.contains("never sent unsigned") == true, "\(String(describing: receipt))")
    }

    @Test func anUnsignedContactStillSends() {
        let request = WebhookRequest(id: "INC-1.n1", url: "http://127.0.0.1:1/hook", body: Data("{}".utf8))
        let receipt = WebhookSender().send([request], now: Date())["INC-1.n1"]
        #expect(receipt?.outcome == .retry, "\(String(describing: receipt))")
    }
}

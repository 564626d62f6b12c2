import CCurlShim
import Foundation

extension SMTPSender {
    /// Connects, greets (EHLO, STARTTLS and AUTH as configured) and sends `NOOP`: proof that the
    /// transport works end to end, without sending a message. Used by `breach doctor`.
    ///
    /// The receipt is `.delivered` when the server answered NOOP with 2xx; otherwise it says why, in
    /// the same words as a failed delivery (scrubbed of the password, printable, bounded).
    public func probe() -> DeliveryReceipt {
        do throws(DeliveryError) {
            let easy = try CurlEasy()
            try configure(easy)
            // No upload: libcurl then sends the custom command instead of MAIL FROM / RCPT / DATA.
            try easy.set(CURLOPT_UPLOAD, 0, "CURLOPT_UPLOAD")
            try easy.set(CURLOPT_CUSTOMREQUEST, "NOOP", "CURLOPT_CUSTOMREQUEST")
            let code = easy.perform()
            var receipt = DeliveryClassifier.smtp(
                curlCode: code, curlMessage: code == 0 ? "" : easy.errorText(for: code), replyCode: easy.responseCode,
                replyText: Self.lastReply(in: easy.capturedHeaders), duration: easy.totalTime)
            receipt.receipt = ExternalText.sanitized(scrub(receipt.receipt))
            return receipt
        } catch {
            return DeliveryReceipt(outcome: .retry, receipt: ExternalText.sanitized(scrub(error.message)))
        }
    }
}

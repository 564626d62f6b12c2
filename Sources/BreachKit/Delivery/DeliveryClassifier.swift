import Foundation

/// Turns what happened on the wire into a `DeliveryReceipt`, per the SPEC's
/// classification table (see docs/delivery.md). Pure: no I/O.
public enum DeliveryClassifier {
    /// Receipt text for a TLS verification failure.
    static func tlsReceipt(curlCode: Int, detail: String) -> String {
        if curlCode == CurlResultCode.sslCACertBadFile {
            return "TLS verification failed: the CA bundle could not be read (curl \(curlCode): \(detail)); name a readable PEM CA bundle"
        }
        return "TLS verification failed (curl \(curlCode): \(detail)); if the server uses a private or self-signed CA, name its CA bundle (ca_bundle)"
    }

    /// Classifies one webhook attempt.
    ///
    /// - Parameters:
    ///   - curlCode: libcurl's result (0 = the HTTP exchange completed).
    ///   - curlMessage: libcurl's error text for a non-zero `curlCode`.
    ///   - response: the parsed final response head, if any.
    ///   - now: used to turn an HTTP-date `Retry-After` into seconds.
    ///   - duration: libcurl's total time.
    public static func webhook(
        curlCode: Int,
        curlMessage: String,
        response: HTTPResponseHead?,
        now: Date,
        duration: Double
    ) -> DeliveryReceipt {
        let status = response.map(\.status)
        let retryAfter = response?.header("Retry-After").flatMap { RetryAfter.parse($0, now: now) }
        if curlCode != CurlResultCode.ok {
            let outcome: DeliveryOutcome
            let text: String
            switch curlCode {
            case _ where CurlResultCode.isTLSVerification(curlCode):
                outcome = .failed
                text = tlsReceipt(curlCode: curlCode, detail: curlMessage)
            case CurlResultCode.unsupportedProtocol, CurlResultCode.urlMalformat:
                outcome = .failed
                text = "curl \(curlCode): \(curlMessage); fix the webhook URL"
            case CurlResultCode.operationTimedOut:
                outcome = .retry
                text = "timed out: curl \(curlCode): \(curlMessage)"
            default:
                outcome = .retry
                text = "curl \(curlCode): \(curlMessage)"
            }
            let prefix = status.map { "HTTP \($0) then " } ?? ""
            return DeliveryReceipt(
                outcome: outcome, receipt: prefix + text, httpStatus: status, curlCode: curlCode,
                retryAfter: retryAfter, durationSeconds: duration)
        }
        guard let response, let status else {
            return DeliveryReceipt(
                outcome: .retry, receipt: "no HTTP response received", durationSeconds: duration)
        }
        let statusText = response.reason.isEmpty ? "HTTP \(status)" : "HTTP \(status) \(response.reason)"
        let outcome: DeliveryOutcome
        var text = statusText
        switch status {
        case 200..<300:
            outcome = .delivered
        case 300..<400:
            outcome = .failed
            let location = response.header("Location") ?? "(no Location header)"
            text = "\(statusText): redirect to \(location) not followed; not delivered; configure the final URL"
        case 408, 429, 500..<600:
            outcome = .retry
        case 400..<500:
            outcome = .failed
        default:
            outcome = .retry
            text = "\(statusText): unexpected status; not delivered"
        }
        return DeliveryReceipt(
            outcome: outcome, receipt: text, httpStatus: status,
            retryAfter: outcome == .retry ? retryAfter : nil, durationSeconds: duration)
    }

    /// Classifies one SMTP attempt (MAIL FROM, RCPT TO, DATA).
    ///
    /// - Parameters:
    ///   - curlCode: libcurl's result (0 = the server answered the end of DATA with 250).
    ///   - curlMessage: libcurl's error text for a non-zero `curlCode`.
    ///   - replyCode: CURLINFO_RESPONSE_CODE, the last reply code received in this attempt (0 if none).
    ///   - replyText: the last reply line received in this attempt, if captured.
    ///   - duration: libcurl's total time.
    public static func smtp(
        curlCode: Int,
        curlMessage: String,
        replyCode: Int,
        replyText: String?,
        duration: Double
    ) -> DeliveryReceipt {
        let code: Int? = replyCode > 0 ? replyCode : nil
        let reply = replyText ?? code.map(String.init) ?? ""
        func receipt(_ outcome: DeliveryOutcome, _ text: String, curl: Int? = curlCode) -> DeliveryReceipt {
            DeliveryReceipt(
                outcome: outcome, receipt: text, smtpCode: code,
                curlCode: curl == 0 ? nil : curl, durationSeconds: duration)
        }
        if curlCode == CurlResultCode.ok {
            if let code, (200..<300).contains(code) { return receipt(.delivered, reply) }
            return receipt(.retry, "no acceptance from the server after DATA (last reply: \(reply.isEmpty ? "none" : reply)); not delivered")
        }
        let curlText = "curl \(curlCode): \(curlMessage)"
        if CurlResultCode.isTLSVerification(curlCode) {
            return receipt(.failed, tlsReceipt(curlCode: curlCode, detail: curlMessage))
        }
        if curlCode == CurlResultCode.loginDenied {
            return receipt(.failed, "authentication failed: \(reply.isEmpty ? curlText : reply); check the SMTP username and password")
        }
        if curlCode == CurlResultCode.useSSLFailed {
            return receipt(.failed, "the server does not offer STARTTLS although it is required (\(curlText))")
        }
        if curlCode == CurlResultCode.unsupportedProtocol || curlCode == CurlResultCode.urlMalformat {
            return receipt(.failed, "\(curlText); fix the SMTP URL")
        }
        if let code {
            switch code {
            case 500..<600: return receipt(.failed, reply)
            case 400..<500: return receipt(.retry, reply)
            default: break
            }
        }
        let suffix = code.map { " after reply \($0)" } ?? ""
        let prefix = curlCode == CurlResultCode.operationTimedOut ? "timed out: " : ""
        return receipt(.retry, "\(prefix)\(curlText)\(suffix); not delivered")
    }
}

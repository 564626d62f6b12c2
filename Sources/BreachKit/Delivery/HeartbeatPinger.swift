import CCurlShim
import Foundation

/// The dead man's switch: after each successful `check`, a GET to a URL that an outside service watches
/// (healthchecks.io, Cronitor, Dead Man's Snitch, an Uptime Kuma push monitor…), which alerts when the
/// pings stop, so a checker that stopped running is noticed.
///
/// A failed ping never fails the check: its result is returned for a warning. The same transport rules
/// as webhooks apply: http/https only (https unless loopback), no redirects, TLS verification on, no proxy.
public struct HeartbeatPinger: Sendable {
    public var url: String
    /// Seconds allowed for the whole ping (connection included): short, so a slow monitor never holds up cron.
    public var timeout: TimeInterval
    public var userAgent: String

    public init(url: String, timeout: TimeInterval = 10, userAgent: String = DeliveryUserAgent.value) {
        self.url = url
        self.timeout = timeout
        self.userAgent = userAgent
    }

    /// Checks a heartbeat URL with the webhook URL rules; the message speaks of the heartbeat URL.
    public static func validate(_ url: String) throws(DeliveryError) {
        do throws(DeliveryError) {
            try WebhookURLValidator.validate(url)
        } catch {
            throw DeliveryError(.invalidWebhookURL, error.message.replacingOccurrences(of: "webhook URL", with: "heartbeat URL")
                .replacingOccurrences(of: "in the contact's webhook secret instead", with: "in the URL's path or query, as the monitoring service gives it"))
        }
    }

    /// Pings once; nil on a 2xx answer, else what went wrong (never the URL, which often holds a token).
    public func ping() -> String? {
        do throws(DeliveryError) {
            try Self.validate(url)
            let easy = try CurlEasy()
            try easy.attachCapture(upload: false)
            try easy.set(CURLOPT_URL, url, "CURLOPT_URL")
            try easy.set(CURLOPT_PROTOCOLS_STR, "http,https", "CURLOPT_PROTOCOLS_STR")
            try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "https", "CURLOPT_REDIR_PROTOCOLS_STR")
            try easy.set(CURLOPT_FOLLOWLOCATION, 0, "CURLOPT_FOLLOWLOCATION")
            try easy.set(CURLOPT_PROXY, "", "CURLOPT_PROXY")
            try easy.set(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
            try easy.set(CURLOPT_SSL_VERIFYPEER, 1, "CURLOPT_SSL_VERIFYPEER")
            try easy.set(CURLOPT_SSL_VERIFYHOST, 2, "CURLOPT_SSL_VERIFYHOST")
            try easy.set(CURLOPT_HTTPGET, 1, "CURLOPT_HTTPGET")
            let milliseconds = WebhookSender.milliseconds(timeout)
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds, "CURLOPT_CONNECTTIMEOUT_MS")
            try easy.set(CURLOPT_TIMEOUT_MS, milliseconds, "CURLOPT_TIMEOUT_MS")
            try easy.set(CURLOPT_USERAGENT, userAgent, "CURLOPT_USERAGENT")
            let code = easy.perform()
            if code != CurlResultCode.ok { return "curl \(code): \(easy.errorText(for: code))" }
            let status = easy.responseCode
            if (200..<300).contains(status) { return nil }
            let reason = HTTPResponseHead.parseLast(easy.capturedHeaders)?.reason ?? ""
            return "HTTP \(status)\(reason.isEmpty ? "" : " " + reason)"
        } catch {
            return error.message
        }
    }
}

import CCurlShim
import Foundation

/// POSTs webhooks concurrently through one libcurl multi handle.
///
/// Synchronous: `send` returns when every request has a receipt, and `stream`
/// when its source has no more requests and every one started has ended. Up to
/// `maxConcurrent` transfers run at once on the calling thread, driven by
/// `curl_multi_perform` and `curl_multi_poll` (no busy-waiting); easy handles
/// are reused, and connections are kept in the multi handle's cache.
///
/// Every request gets: `Content-Type: application/json`,
/// `Idempotency-Key: <id>`, `User-Agent: breach/…`, and with a secret the
/// `X-Breach-Timestamp` / `X-Breach-Signature` pair (`WebhookSigner`) or, for
/// the `.standard` scheme, the Standard Webhooks headers (`StandardWebhookSigner`).
/// Transport rules (not configurable): only http/https (CURLOPT_PROTOCOLS_STR),
/// redirects never followed, TLS peer and host verification always on
/// (CURLOPT_CAINFO when a CA bundle is named), connect and total timeouts,
/// CURLOPT_NOSIGNAL, no proxy (environment proxy variables are ignored).
public struct WebhookSender: Sendable {
    /// Transfers in flight at once.
    public var maxConcurrent: Int
    /// The `User-Agent` header.
    public var userAgent: String

    /// Transfers in flight at once unless told otherwise: what nginx-class receivers take without queueing.
    public static let defaultMaxConcurrent = 32

    public init(maxConcurrent: Int = defaultMaxConcurrent, userAgent: String = DeliveryUserAgent.value) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.userAgent = userAgent
    }

    /// Sends every request once and returns one receipt per request id.
    ///
    /// A URL that `WebhookURLValidator` rejects (any scheme but http/https,
    /// userinfo, plain http off loopback…) gets a `.failed` receipt without
    /// any I/O. Ids should be unique; a repeated id is sent only once (the
    /// first request with it). `now` resolves HTTP-date `Retry-After` values and,
    /// unless `signedAt` is given, sets the signature timestamp: receivers judge a
    /// signature's age by their own clock, so the outbox signs with the real clock
    /// even when `--now` sets the effective time.
    public func send(_ requests: [WebhookRequest], now: Date, signedAt: Date? = nil) -> [String: DeliveryReceipt] {
        var receipts: [String: DeliveryReceipt] = [:]
        var remaining = requests.makeIterator()
        stream(now: { now }, signedAt: { signedAt ?? now },
               next: { _ in remaining.next().map(Supply.request) ?? .end },
               received: { id, receipt in receipts[id] = receipt })
        return receipts
    }

    /// What a request source answers when a transfer slot is free.
    public enum Supply {
        /// Start this request.
        case request(WebhookRequest)
        /// Nothing to start yet (the consumer of the receipts is behind); ask again after the next transfer ends.
        case later
        /// Nothing more will come.
        case end
    }

    /// Sends requests as `next` hands them out, up to `maxConcurrent` in flight on one connection cache, and
    /// hands each receipt to `received` as its transfer ends: the same rules and receipts as `send`.
    ///
    /// `next` is told whether nothing is in flight; then it may block until it can answer, and it should
    /// not answer `.later` (there is no transfer whose end would ask again). A source that answers `.later`
    /// is asked again when a transfer ends, so the slots of a slow consumer stay idle rather than its
    /// receipts piling up. `now` and `signedAt` are read once per request, as it starts or ends.
    public func stream(now: () -> Date, signedAt: () -> Date, next: (_ idle: Bool) -> Supply,
                       received: (String, DeliveryReceipt) -> Void) {
        var seen = Set<String>()
        // Each distinct URL is validated once per stream: an audience often shares an endpoint, and
        // `URLComponents` was a tenth of the sending thread's time when asked again for every request.
        var urlProblems: [String: DeliveryError?] = [:]
        func urlProblem(_ url: String) -> DeliveryError? {
            if let known = urlProblems[url] { return known }
            var problem: DeliveryError?
            do throws(DeliveryError) { try WebhookURLValidator.validate(url) } catch { problem = error }
            urlProblems[url] = problem
            return problem
        }
        /// The next request that may be sent: refused ones get their receipt here, without any I/O.
        func nextSendable(idle: Bool) -> Supply {
            while true {
                let supply = next(idle)
                guard case let .request(request) = supply else { return supply }
                guard seen.insert(request.id).inserted else { continue }
                if let refusal = Self.refusal(of: request, urlProblem: urlProblem(request.url)) {
                    received(request.id, refusal)
                    continue
                }
                return supply
            }
        }
        /// Gives every remaining request the same receipt: nothing can be sent in this run.
        func drain(_ receipt: DeliveryReceipt) {
            while case let .request(request) = nextSendable(idle: true) { received(request.id, receipt) }
        }
        do {
            try CurlGlobal.ensure()
        } catch {
            drain(DeliveryReceipt(outcome: .retry, receipt: error.message))
            return
        }
        guard let multi = breach_curl_multi_init() else {
            drain(DeliveryReceipt(outcome: .retry, receipt: "libcurl could not create a multi handle"))
            return
        }
        defer { breach_curl_multi_cleanup(multi) }
        _ = breach_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxConcurrent)

        var idle: [CurlEasy] = []
        var active: [UnsafeMutableRawPointer: (easy: CurlEasy, request: WebhookRequest)] = [:]
        var exhausted = false
        while true {
            var supplyLater = false
            while !exhausted && !supplyLater && active.count < maxConcurrent {
                switch nextSendable(idle: active.isEmpty) {
                case .end:
                    exhausted = true
                case .later:
                    supplyLater = true
                case let .request(request):
                    do throws(DeliveryError) {
                        let easy: CurlEasy
                        if let reused = idle.popLast() { easy = reused } else { easy = try CurlEasy() }
                        do throws(DeliveryError) {
                            try configure(easy, for: request, signedAt: signedAt())
                        } catch {
                            idle.append(easy)
                            throw error
                        }
                        let added = breach_curl_multi_add_handle(multi, easy.handle)
                        if added != CURLM_OK {
                            idle.append(easy)
                            throw DeliveryError(.transportSetup, "libcurl could not start the transfer: \(String(cString: breach_curl_multi_strerror(added)))")
                        }
                        active[easy.handle] = (easy, request)
                    } catch {
                        received(request.id, DeliveryReceipt(outcome: .retry, receipt: "not sent: \(error.message)"))
                    }
                }
            }
            if active.isEmpty {
                if exhausted { break }
                // Told that nothing is in flight, a source should wait rather than say "later"; never spin.
                if supplyLater { Thread.sleep(forTimeInterval: 0.001) }
                continue
            }
            var running: Int32 = 0
            let performed = breach_curl_multi_perform(multi, &running)
            var finished: UnsafeMutableRawPointer?
            var result = CURLE_OK
            var freedSlots = false
            while breach_curl_multi_next_done(multi, &finished, &result) == 1 {
                guard let handle = finished, let entry = active.removeValue(forKey: handle) else { continue }
                breach_curl_multi_remove_handle(multi, handle)
                received(entry.request.id, receipt(for: entry.easy, curlCode: Int(result.rawValue), now: now()))
                idle.append(entry.easy)
                freedSlots = true
            }
            if performed != CURLM_OK && performed != CURLM_CALL_MULTI_PERFORM {
                let text = String(cString: breach_curl_multi_strerror(performed))
                for (handle, entry) in active {
                    breach_curl_multi_remove_handle(multi, handle)
                    received(entry.request.id, DeliveryReceipt(outcome: .retry, receipt: "libcurl multi error: \(text); not delivered"))
                }
                active.removeAll()
                continue
            }
            // Slots just freed are refilled before waiting: polling first left them idle until the next
            // socket event, so fewer than `maxConcurrent` transfers were in flight most of the time.
            if running > 0 && !active.isEmpty && !(freedSlots && !exhausted) {
                // A source that said "later" is asked again soon even if no transfer ends meanwhile.
                _ = breach_curl_multi_poll(multi, nil, 0, supplyLater ? 5 : 1000, nil)
            }
        }
    }

    /// Why `request` is not sent at all, as its receipt; nil when it may be sent. `urlProblem` is what
    /// `WebhookURLValidator` found wrong with its URL.
    private static func refusal(of request: WebhookRequest, urlProblem: DeliveryError?) -> DeliveryReceipt? {
        do throws(DeliveryError) {
            if let urlProblem { throw urlProblem }
            if request.id.isEmpty || request.id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw DeliveryError(.invalidHeader, "notification id '\(request.id)' is empty or contains a control character; it cannot be an Idempotency-Key")
            }
            if request.requiresSignature && (request.secret ?? "").isEmpty {
                throw DeliveryError(.missingSignature, "the contact's webhook must be signed but no secret was resolved; never sent unsigned")
            }
            if request.signatureScheme == .standard, let secret = request.secret {
                do throws(DeliveryError) {
                    _ = try StandardWebhookSigner.key(fromSecret: secret)
                } catch {
                    throw DeliveryError(error.code, "the webhook secret \(error.message)")
                }
            }
            return nil
        } catch {
            return DeliveryReceipt(outcome: .failed, receipt: "refused before sending: \(error.message)")
        }
    }

    private func configure(_ easy: CurlEasy, for request: WebhookRequest, signedAt: Date) throws(DeliveryError) {
        easy.resetAll()
        try easy.attachCapture(upload: false)
        try easy.set(CURLOPT_URL, request.url, "CURLOPT_URL")
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https", "CURLOPT_PROTOCOLS_STR")
        // Redirects are never followed (FOLLOWLOCATION 0, MAXREDIRS 0). libcurl refuses an empty
        // redirect-protocol list (CURLE_BAD_FUNCTION_ARGUMENT), so the narrowest list stands in for "none".
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "https", "CURLOPT_REDIR_PROTOCOLS_STR")
        try easy.set(CURLOPT_FOLLOWLOCATION, 0, "CURLOPT_FOLLOWLOCATION")
        try easy.set(CURLOPT_MAXREDIRS, 0, "CURLOPT_MAXREDIRS")
        try easy.set(CURLOPT_PROXY, "", "CURLOPT_PROXY")
        try easy.set(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1, "CURLOPT_SSL_VERIFYPEER")
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2, "CURLOPT_SSL_VERIFYHOST")
        if let bundle = request.caBundlePath, !bundle.isEmpty {
            try easy.trustOnly(caBundle: bundle)
        }
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout), "CURLOPT_CONNECTTIMEOUT_MS")
        try easy.set(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.totalTimeout), "CURLOPT_TIMEOUT_MS")
        try easy.set(CURLOPT_USERAGENT, userAgent, "CURLOPT_USERAGENT")
        try easy.set(CURLOPT_POST, 1, "CURLOPT_POST")
        try easy.setPostBody(request.body)
        var headers = [
            "Content-Type: application/json",
            "Idempotency-Key: \(request.id)",
            "Expect:",
        ]
        if let secret = request.secret {
            let signature: [(name: String, value: String)]
            switch request.signatureScheme {
            case .breach:
                signature = WebhookSigner.headers(secret: secret, body: request.body, now: signedAt)
            case .standard:
                signature = StandardWebhookSigner.headers(key: try StandardWebhookSigner.key(fromSecret: secret), id: request.id,
                                                          body: request.body, now: signedAt)
            }
            for (name, value) in signature { headers.append("\(name): \(value)") }
        }
        try easy.set(CURLOPT_HTTPHEADER, list: headers, "CURLOPT_HTTPHEADER")
    }

    private func receipt(for easy: CurlEasy, curlCode: Int, now: Date) -> DeliveryReceipt {
        DeliveryClassifier.webhook(
            curlCode: curlCode,
            curlMessage: curlCode == 0 ? "" : easy.errorText(for: curlCode),
            response: HTTPResponseHead.parseLast(easy.capturedHeaders),
            now: now,
            duration: easy.totalTime)
    }

    static func milliseconds(_ seconds: TimeInterval) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 1 }
        return max(1, Int((seconds * 1000).rounded(.up)))
    }
}

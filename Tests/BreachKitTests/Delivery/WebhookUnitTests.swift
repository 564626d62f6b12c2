import BreachKit
import Foundation
import Testing

@Suite("Webhook URL validation")
struct WebhookURLValidatorTests {
    @Test(arguments: [
        "https://hooks.example.com/breach", "https://hooks.example.com:8443/a?b=c", "http://127.0.0.1:8080/hook",
        "http://127.1.2.3/x", "http://[::1]:9000/x", "HTTPS://Example.com/x",
    ])
    func accepts(url: String) {
        #expect(WebhookURLValidator.problem(with: url) == nil)
    }

    @Test(arguments: [
        ("", "empty"), ("file:///etc/passwd", "only https://"), ("gopher://example.com/", "only https://"),
        ("ftp://example.com/x", "only https://"), ("dict://example.com/", "only https://"), ("javascript:alert(1)", "only https://"),
        ("http://hooks.example.com/x", "use https://"), ("http://128.0.0.1/x", "use https://"),
        ("https://user:pw@example.com/", "user:password@"), ("https://user@example.com/", "user:password@"),
        ("https://example.com/a b", "whitespace"), ("https://example.com/\r\nX: y", "CR/LF"),
        // Past the printable-ASCII fast path: a tab, DEL, C1 controls and Unicode spaces are still refused.
        ("https://example.com/a\tb", "whitespace"), ("https://example.com/\u{7F}", "control"),
        ("https://example.com/\u{85}", "control"), ("https://example.com/a\u{A0}b", "whitespace"),
        ("https://example.com/a\u{2028}b", "whitespace"), ("https://example.com/a\u{3000}b", "whitespace"),
        ("https:///path", "no host"), ("example.com/hook", "no scheme"),
        ("https://example.com/" + String(repeating: "a", count: 2100), "limit is 2048"),
    ])
    func refusesWithAMessageNamingTheFix(url: String, fragment: String) throws {
        let problem = try #require(WebhookURLValidator.problem(with: url))
        #expect(problem.contains(fragment), "\(problem)")
        #expect(!problem.contains("\r") && !problem.contains("\n") || url.contains("\r"))
    }

    @Test func loopbackHosts() {
        #expect(WebhookURLValidator.isLoopback("127.0.0.1"))
        #expect(WebhookURLValidator.isLoopback("127.255.255.254"))
        #expect(WebhookURLValidator.isLoopback("[::1]"))
        #expect(!WebhookURLValidator.isLoopback("127.0.0.1.evil.example"))
        #expect(!WebhookURLValidator.isLoopback("10.0.0.1"))
        #expect(!WebhookURLValidator.isLoopback("127.0.0.256"))
        #expect(!WebhookURLValidator.isLoopback("localhost.evil.example"))
    }

    /// Issue 18: names and non-canonical forms go to a resolver (or are read differently by one), so
    /// plain http is refused to them — by the validator, and by the sender before any I/O.
    @Test(arguments: [
        "http://localhost:8080/", "http://localhost.:8080/", "http://LOCALHOST/x", "http://127.0.0.08:8080/", "http://127.1:8080/",
        "http://0x7f.0.0.1/", "http://2130706433/", "http://127.0.0.1.:8080/", "http://0177.0.0.1/", "http://127.000.000.001/",
        "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:127.0.0.1]/", "http://127.0.0.1.nip.io/", "http://1.0.0.127/",
    ])
    func plainHTTPOnlyToLiteralLoopbackAddresses(url: String) throws {
        let problem = try #require(WebhookURLValidator.problem(with: url), "\(url) accepted")
        #expect(problem.contains("literal loopback address"), "\(problem)")
        let receipt = WebhookSender().send([WebhookRequest(id: "n1", url: url, body: Data())], now: Date())["n1"]
        #expect(receipt?.outcome == .failed && receipt?.receipt.hasPrefix("refused before sending") == true, "\(url): \(String(describing: receipt))")
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.0", "127.255.255.255", "127.10.0.1", "::1", "[::1]"])
    func literalLoopbackAddresses(host: String) {
        #expect(LoopbackAddress.isLiteral(host))
    }
}

@Suite("Webhook signing")
struct WebhookSignerTests {
    @Test func knownVector() {
        // Computed independently with Python's hmac module.
        let body = Data(#"{"incident":"INC-1"}"#.utf8)
        #expect(WebhookSigner.signature(secret: "topsecret", timestamp: "1700000000", body: body)
            == "sha256=617f00aae7fac849cdbae7ef33d189a5c28f56e6b5cd21f818a45de61323a5e1")
    }

    @Test func headersUseUnixSecondsOfNow() {
        let headers = WebhookSigner.headers(secret: "k", body: Data("{}".utf8), now: Date(timeIntervalSince1970: 1_700_000_000.9))
        #expect(headers.map(\.name) == ["X-Breach-Timestamp", "X-Breach-Signature"])
        #expect(headers[0].value == "1700000000")
        #expect(headers[1].value.hasPrefix("sha256="))
        #expect(headers[1].value.count == 7 + 64)
        #expect(headers[1].value == headers[1].value.lowercased())
    }
}

@Suite("Retry-After parsing")
struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func seconds() {
        #expect(RetryAfter.parse("120", now: now) == 120)
        #expect(RetryAfter.parse(" 0 ", now: now) == 0)
        #expect(RetryAfter.parse("-5", now: now) == nil)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("", now: now) == nil)
    }

    @Test func httpDates() {
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:14:50 GMT", now: now) == 90)
        #expect(RetryAfter.parse("Tuesday, 14-Nov-23 22:14:50 GMT", now: now) == 90)
        #expect(RetryAfter.parse("Tue Nov 14 22:14:50 2023", now: now) == 90)
        #expect(RetryAfter.parse("Mon, 13 Nov 2023 00:00:00 GMT", now: now) == 0)
    }
}

@Suite("Delivery classification")
struct DeliveryClassifierTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func http(_ status: Int, _ fields: [(String, String)] = []) -> DeliveryReceipt {
        DeliveryClassifier.webhook(
            curlCode: 0, curlMessage: "",
            response: HTTPResponseHead(status: status, reason: "", fields: fields.map { (name: $0.0, value: $0.1) }),
            now: now, duration: 0.1)
    }

    @Test func webhookStatusTable() {
        for status in [200, 201, 202, 204, 299] { #expect(http(status).outcome == .delivered) }
        for status in [408, 429, 500, 502, 503, 504, 599] { #expect(http(status).outcome == .retry) }
        for status in [400, 401, 403, 404, 405, 409, 410, 413, 422, 451] { #expect(http(status).outcome == .failed) }
        for status in [300, 301, 302, 303, 307, 308] {
            let receipt = http(status, [("Location", "https://elsewhere.example/x")])
            #expect(receipt.outcome == .failed)
            #expect(receipt.receipt.contains("redirect to https://elsewhere.example/x not followed"))
        }
        #expect(http(100).outcome == .retry)
        #expect(http(503, [("Retry-After", "30")]).retryAfter == 30)
        #expect(http(404, [("Retry-After", "30")]).retryAfter == nil)
    }

    @Test func webhookCurlErrors() {
        func curl(_ code: Int) -> DeliveryReceipt {
            DeliveryClassifier.webhook(curlCode: code, curlMessage: "msg", response: nil, now: now, duration: 1)
        }
        for code in [6, 7, 28, 35, 52, 55, 56] { #expect(curl(code).outcome == .retry) }
        for code in [58, 60, 77] {
            #expect(curl(code).outcome == .failed)
            #expect(curl(code).receipt.contains("TLS verification failed"))
        }
        #expect(curl(28).receipt.hasPrefix("timed out"))
        #expect(curl(7).receipt == "curl 7: msg")
        // A 200 head followed by a broken transfer is not delivered.
        let partial = DeliveryClassifier.webhook(
            curlCode: 56, curlMessage: "reset", response: HTTPResponseHead(status: 200, reason: "OK", fields: []), now: now, duration: 1)
        #expect(partial.outcome == .retry)
    }

    @Test func smtpTable() {
        func smtp(_ curl: Int, _ code: Int, _ text: String? = nil) -> DeliveryReceipt {
            DeliveryClassifier.smtp(curlCode: curl, curlMessage: "msg", replyCode: code, replyText: text, duration: 0.2)
        }
        #expect(smtp(0, 250, "250 OK").outcome == .delivered)
        #expect(smtp(0, 250, "250 OK").receipt == "250 OK")
        #expect(smtp(0, 354).outcome == .retry)
        #expect(smtp(0, 0).outcome == .retry)
        #expect(smtp(8, 451, "451 later").outcome == .retry)
        #expect(smtp(55, 450).outcome == .retry)
        #expect(smtp(8, 550, "550 no").outcome == .failed)
        #expect(smtp(55, 553).outcome == .failed)
        #expect(smtp(67, 535, "535 bad").outcome == .failed)
        #expect(smtp(60, 0).outcome == .failed)
        #expect(smtp(64, 250).outcome == .failed)
        #expect(smtp(7, 0).outcome == .retry)
        #expect(smtp(28, 354).outcome == .retry)
        #expect(smtp(56, 354).receipt.contains("not delivered"))
    }

    @Test func responseHeadParsingTakesTheLastHead() {
        let raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nRetry-After: 9\r\nX-A: b: c\r\n\r\n"
        let head = HTTPResponseHead.parseLast(raw)
        #expect(head?.status == 503)
        #expect(head?.reason == "Service Unavailable")
        #expect(head?.header("retry-after") == "9")
        #expect(head?.header("X-A") == "b: c")
        #expect(HTTPResponseHead.parseLast("") == nil)
    }

    /// Names are matched without regard to ASCII case only: a field name is an ASCII token, and a name
    /// that differs by a non-ASCII letter (or only in length) is another name.
    @Test func headerNamesMatchIgnoringASCIICaseOnly() {
        let head = HTTPResponseHead(status: 200, reason: "OK",
                                    fields: [("RETRY-after", "1"), ("Straße", "2"), ("X-K", "3"), ("x-k", "4")])
        #expect(head.header("Retry-After") == "1")
        #expect(head.header("retry-aftex") == nil && head.header("retry-afte") == nil)
        #expect(head.header("STRASSE") == nil && head.header("straße") == "2" && head.header("STRAßE") == "2")
        #expect(head.header("x-K") == "3", "the first field of a name wins")
        #expect(head.header("") == nil)
    }

    /// Heads of ASCII are parsed on bytes: the same lines (CR, LF, VT and FF break them, as Swift's
    /// newline characters do), splits and trims (spaces and tabs) as the general path takes for a head
    /// with one non-ASCII field added.
    @Test func asciiHeadsParseAsTheGeneralPathDoes() {
        let heads = [
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/2 201 \r\n \tX-Padded :\t v a l \t\r\nLocation: /x\u{0B}Y: 1\u{0C}Z:\r\n",
            "HTTP/1.0 200 OK\nServer: nginx\rEmpty:\r\n:no-name\r\nno colon line\r\n",
            "HTTP/1.1 abc Broken\r\nA: 1\r\nHTTP/1.1 204\r\n",
            "junk\r\nA: before any status\r\n",
        ]
        for raw in heads {
            let ascii = HTTPResponseHead.parseLast(raw)
            var general = HTTPResponseHead.parseLast(raw + "X-Unicode: é\r\n")
            #expect(general?.fields.last.map { "\($0.name)=\($0.value)" } == (ascii == nil ? nil : "X-Unicode=é"))
            general?.fields.removeLast()
            #expect(ascii == general, "\(raw)")
        }
        let padded = HTTPResponseHead.parseLast(heads[0])
        #expect(padded?.status == 201)
        #expect(padded?.header("x-padded") == "v a l")
        #expect(padded?.header("Y") == "1")
    }
}

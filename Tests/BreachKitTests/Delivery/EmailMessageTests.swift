import BreachKit
import Foundation
import Testing

@Suite("Email message format")
struct EmailMessageTests {
    let date = Date(timeIntervalSince1970: 1_700_000_000)

    func message(subject: String = "Breach notification", body: String = "Hello.\nSecond line.\n", to: [String] = ["dpo@example.com"], from: String = "alerts@breach.example", id: String = "NTF-7") -> EmailMessage {
        EmailMessage(id: id, from: from, to: to, subject: subject, body: body, date: date)
    }

    func rendered(_ message: EmailMessage) throws -> String {
        String(decoding: try message.render(), as: UTF8.self)
    }

    @Test func hasTheRequiredHeadersInOrderWithCRLF() throws {
        let text = try rendered(message())
        let expectedHead = [
            "Date: Tue, 14 Nov 2023 22:13:20 +0000",
            "Message-ID: <NTF-7@breach.example>",
            "From: alerts@breach.example",
            "To: dpo@example.com",
            "Subject: Breach notification",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 7bit",
            "",
            "Hello.",
            "Second line.",
            "",
        ].joined(separator: "\r\n")
        #expect(text == expectedHead)
        // No bare LF or bare CR anywhere.
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D)
        }
        for (index, byte) in bytes.enumerated() where byte == 0x0D {
            #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A)
        }
    }

    @Test func normalisesEveryLineEndingStyle() throws {
        let text = try rendered(message(body: "a\rb\r\nc\nd"))
        #expect(text.hasSuffix("\r\n\r\na\r\nb\r\nc\r\nd\r\n"))
    }

    @Test func multipleRecipientsAreFolded() throws {
        let text = try rendered(message(to: ["a@example.com", "b@example.org"]))
        #expect(text.contains("To: a@example.com,\r\n b@example.org\r\n"))
    }

    @Test func nonASCIISubjectIsAnEncodedWordThatDecodesBack() throws {
        let subject = "Datenpanne gemeldet – Meldung gemäß Art. 33 DSGVO für Kunden in Zürich und Köln 🔒"
        let text = try rendered(message(subject: subject))
        let headerBlock = String(text[..<text.range(of: "\r\n\r\n")!.lowerBound])
        #expect(headerBlock.unicodeScalars.allSatisfy { $0.isASCII })
        let start = try #require(headerBlock.range(of: "Subject: "))
        let rest = headerBlock[start.upperBound...]
        let value = rest.components(separatedBy: "\r\nMIME-Version")[0]
        var decoded = Data()
        for word in value.components(separatedBy: "\r\n ") {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            decoded.append(Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!)
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        for line in headerBlock.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
    }

    @Test func nonASCIIBodyIsQuotedPrintable() throws {
        let text = try rendered(message(body: "Grüße aus Köln = gut\n" + String(repeating: "x", count: 100) + "\n"))
        #expect(text.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        #expect(text.contains("Gr=C3=BC=C3=9Fe aus K=C3=B6ln =3D gut\r\n"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
    }

    @Test(arguments: [
        "Hello\r\nBcc: attacker@evil.example", "Hello\nBcc: x@y.z", "Hello\rthere", "tab\there", "nul\u{0}", "del\u{7F}",
    ])
    func headerInjectionInTheSubjectIsRefused(subject: String) {
        #expect(throws: DeliveryError.self) { try message(subject: subject).render() }
        do {
            _ = try message(subject: subject).render()
        } catch {
            #expect(error.code == .invalidHeader)
            #expect(error.message.contains("Subject"))
        }
    }

    @Test func injectionThroughAddressesIsRefused() {
        #expect(throws: DeliveryError.self) { try message(to: ["dpo@example.com\r\nBcc: x@evil.example"]).render() }
        #expect(throws: DeliveryError.self) { try message(from: "alerts@breach.example\nX-Evil: 1").render() }
    }

    @Test func badIdsAndEmptyRecipientsAreRefused() {
        #expect(throws: DeliveryError.self) { try message(id: "a b").render() }
        #expect(throws: DeliveryError.self) { try message(id: "<x>").render() }
        #expect(throws: DeliveryError.self) { try message(to: []).render() }
        #expect(throws: DeliveryError.self) { try message(body: "a\u{0}b").render() }
    }

    @Test func outgoingEmailTakesEnvelopeFromTheMessage() throws {
        let outgoing = try OutgoingEmail(message(to: ["a@example.com", "b@example.com"]))
        #expect(outgoing.id == "NTF-7")
        #expect(outgoing.recipients == ["a@example.com", "b@example.com"])
        #expect(outgoing.data == (try message(to: ["a@example.com", "b@example.com"]).render()))
    }

    @Test func rfc5322DateIsUTCWithPlusZero() {
        #expect(RFC5322Date.string(from: Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(RFC5322Date.string(from: Date(timeIntervalSince1970: 1_709_251_199)) == "Thu, 29 Feb 2024 23:59:59 +0000")
    }
}

@Suite("Email address validation")
struct EmailAddressValidatorTests {
    @Test(arguments: [
        "dpo@example.com", "first.last+tag@sub.example.co.uk", "root@localhost", "o'brien@example.ie",
        "x@xn--bcher-kva.example", "a_b-c@ex-ample.com",
    ])
    func accepts(address: String) {
        #expect(EmailAddressValidator.problem(with: address) == nil)
    }

    @Test(arguments: [
        ("", "empty"), ("plainaddress", "exactly one @"), ("a@b@example.com", "exactly one @"),
        ("@example.com", "nothing before"), ("dpo@", "nothing after"), ("dpo@example", "no dot"),
        ("John Doe <jd@example.com>", "space"), ("dpo@example.com\r\nBcc: x", "control character"),
        (".dpo@example.com", "dot"), ("d..po@example.com", "dot"), ("dpo@-example.com", "hyphen"),
        ("dpo@exa_mple.com", "not allowed"), ("dpo@example..com", "empty label"), ("jürgen@example.de", "non-ASCII"),
        (String(repeating: "a", count: 65) + "@example.com", "64"), ("a@" + String(repeating: "b", count: 64) + ".com", "63"),
        ("\"quoted\"@example.com", "not allowed"),
    ])
    func refusesWithAMessageNamingTheProblem(address: String, fragment: String) throws {
        let problem = try #require(EmailAddressValidator.problem(with: address))
        #expect(problem.contains(fragment), "\(problem)")
        #expect(!problem.contains("\r") && !problem.contains("\n"))
    }
}

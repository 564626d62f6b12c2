import BreachKit
import Foundation

/// An email built from fuzz bytes: fields separated by 0x1F (id, from, to…, subject, body).
///
/// A message that renders must keep its header block intact: exactly the eight headers breach writes
/// (plus `To` continuation lines), every line ending in CRLF, no line over 998 octets, and no bare CR
/// or LF anywhere — otherwise a subject or address could smuggle in a header.
struct EmailFuzzInput {
    let message: EmailMessage

    init(_ data: Data) {
        let fields = String(decoding: data, as: UTF8.self).split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
        let recipients = field(2).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        message = EmailMessage(id: field(0), from: field(1), to: recipients, subject: field(3), body: field(4),
                               date: Date(timeIntervalSince1970: 1_795_000_000))
    }

    func check() {
        guard let rendered = try? message.render() else { return }
        let bytes = Array(rendered)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { precondition(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)") }
            if byte == 0x0D { precondition(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)") }
        }
        let text = String(decoding: rendered, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { preconditionFailure("no blank line after the headers") }
        let headerLines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let names = headerLines.filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }.map { $0.prefix { $0 != ":" } }
        precondition(names == ["Date", "Message-ID", "From", "To", "Subject", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"],
                     "unexpected header block: \(names)")
        for line in text.components(separatedBy: "\r\n") { precondition(line.utf8.count <= 998, "a line of \(line.utf8.count) octets") }
    }
}

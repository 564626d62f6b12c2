import Foundation
import Testing

/// One line of Fixtures/bad-input/cases.tsv: arguments that must be refused, and how.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    let line: Int
    let status: Int32
    let fragment: String
    /// The arguments as raw bytes: some are deliberately not UTF-8.
    let arguments: [[UInt8]]

    /// The arguments as Strings, or nil when one is not valid UTF-8 (it must be passed as bytes).
    var textArguments: [String]? {
        let strings = arguments.map { String(validating: $0, as: UTF8.self) }
        return strings.contains(nil) ? nil : strings.compactMap { $0 }
    }

    var testDescription: String {
        "cases.tsv:\(line): " + arguments.map { String(decoding: $0.prefix(40), as: UTF8.self) }.joined(separator: " ")
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/bad-input")

    /// Every case of the corpus, with `$FIX`, `$BIG`, `$LONGPATH` and the escapes expanded.
    static let all: [BadInputCase] = {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("cases.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, let status = Int32(fields[0]) else { return nil }
            return BadInputCase(line: index + 1, status: status, fragment: fields[1], arguments: fields[2...].map(expand))
        }
    }()

    /// Replaces the placeholders and decodes `\t \r \n \\ \xNN`.
    static func expand(_ field: String) -> [UInt8] {
        let replaced = field.replacingOccurrences(of: "$FIX", with: folder.path)
            .replacingOccurrences(of: "$BIG", with: String(repeating: "a", count: 64 * 1024 + 1))
            .replacingOccurrences(of: "$LONGPATH", with: String(repeating: "p", count: 2100))
        var bytes: [UInt8] = []
        var input = Array(replaced.utf8)[...]
        while let byte = input.popFirst() {
            guard byte == UInt8(ascii: "\\"), let escape = input.popFirst() else { bytes.append(byte); continue }
            switch escape {
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "x"):
                let hex = String(decoding: input.prefix(2), as: UTF8.self)
                input = input.dropFirst(2)
                bytes.append(UInt8(hex, radix: 16) ?? 0x3F)
            default: bytes.append(escape)
            }
        }
        return bytes
    }
}

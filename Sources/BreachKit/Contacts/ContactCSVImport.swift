import BreachDomain
import Foundation

/// Reads contacts from a CSV file for `breach contact import`: every row valid, or nothing imported.
public enum ContactCSVImport {
    /// The accepted columns; `id`, `name` and `role` are required, the rest optional.
    public static let columns = ["id", "name", "role", "tags", "email", "webhook_url", "webhook_secret", "webhook_format", "ca_bundle"]

    /// Parses `path` into contacts, throwing an invalid-file error naming the row and the field at the first problem.
    public static func parse(path: String) throws -> [Contact] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BreachError.notFound("cannot read \(path); check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BreachError(.invalidFile, "\(path) is not valid UTF-8; save it as UTF-8 CSV")
        }
        return try parse(text: text, fileName: path)
    }

    /// Parses CSV text (header row first).
    public static func parse(text: String, fileName: String) throws -> [Contact] {
        var text = text
        return try text.withUTF8 { bytes in try parse(utf8: bytes, fileName: fileName) }
    }

    /// Parses valid UTF-8 CSV bytes (header row first).
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, fileName: String) throws -> [Contact] {
        var reader = CSVRowReader(bytes: bytes)
        var rowNumber = 1
        func malformed(_ error: CSVRowReader.SyntaxError) -> BreachError {
            BreachError(.invalidFile, "\(fileName) row \(rowNumber): malformed CSV: \(error.reason); check quoting")
        }
        let first: [String]?
        do throws(CSVRowReader.SyntaxError) { first = try reader.next() } catch { throw malformed(error) }
        guard let headerRow = first else {
            throw BreachError(.invalidFile, "\(fileName) is empty; the first line must be the header: \(columns.joined(separator: ","))")
        }
        let header = headerRow.map { trimmed($0).lowercased() }
        for name in header where !columns.contains(name) {
            throw BreachError(.invalidFile, "\(fileName): unknown column '\(TextRules.printable(name))'; columns are \(columns.joined(separator: ","))")
        }
        for required in ["id", "name", "role"] where !header.contains(required) {
            throw BreachError(.invalidFile, "\(fileName): missing column '\(required)'; columns are \(columns.joined(separator: ","))")
        }
        // Column positions found once, not per row and field.
        let position = columns.map { header.firstIndex(of: $0) }
        let (id, name, role, tags, email, webhookURL, webhookSecret, webhookFormat, caBundle) =
            (position[0], position[1], position[2], position[3], position[4], position[5], position[6], position[7], position[8])
        var contacts: [Contact] = []
        var firstRowOfID: [String: Int] = [:]
        while true {
            rowNumber += 1
            let next: [String]?
            do throws(CSVRowReader.SyntaxError) { next = try reader.next() } catch { throw malformed(error) }
            guard let row = next else { break }
            if row.allSatisfy({ $0.unicodeScalars.allSatisfy(isBlank) }) { continue }
            guard row.count == header.count else {
                throw BreachError(.invalidFile, "\(fileName) row \(rowNumber): \(row.count) fields, the header has \(header.count)")
            }
            func field(_ index: Int?) -> String? {
                guard let index else { return nil }
                let value = trimmed(row[index])
                return value.isEmpty ? nil : value
            }
            let format: Contact.WebhookFormat
            if let raw = field(webhookFormat) {
                guard let parsed = Contact.WebhookFormat(rawValue: raw) else {
                    throw BreachError(.invalidFile, "\(fileName) row \(rowNumber), field webhook_format: '\(TextRules.printable(raw))' is not \(Contact.WebhookFormat.acceptedNames)")
                }
                format = parsed
            } else {
                format = .generic
            }
            let contact = Contact(
                id: field(id) ?? "", name: field(name) ?? "", role: field(role) ?? "",
                tags: tagList(field(tags) ?? ""),
                email: field(email), webhookURL: field(webhookURL), webhookSecretRef: field(webhookSecret),
                webhookFormat: format, caBundle: field(caBundle))
            do {
                contacts.append(try ContactValidation.validated(contact))
            } catch let error as BreachError {
                throw BreachError(.invalidFile, "\(fileName) row \(rowNumber) (id '\(TextRules.printable(contact.id))'): \(error.message)")
            }
            // A bad row of the file is the file's fault (65), named by row like any other.
            if let first = firstRowOfID.updateValue(rowNumber, forKey: contact.id) {
                throw BreachError(.invalidFile, "\(fileName) row \(rowNumber) (id '\(contact.id)'): the id is already used on row \(first); ids must be unique")
            }
        }
        guard !contacts.isEmpty else { throw BreachError(.invalidFile, "\(fileName) has no contact rows") }
        return contacts
    }

    /// The tags of a `tags` field, separated by `;` or spaces: split on bytes (both are ASCII, so every
    /// piece is whole UTF-8), not on grapheme clusters.
    static func tagList(_ field: String) -> [String] {
        field.utf8.split(whereSeparator: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: " ") }).map { String(Substring($0)) }
    }

    /// What Foundation's `.whitespaces` trims (tab and the Unicode space separators), without bridging each
    /// field to NSString: that bridge was a tenth of an import's time.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || (scalar.value > 0x7F && scalar.properties.generalCategory == .spaceSeparator)
    }

    /// `text` without leading and trailing blanks (`isBlank`); unchanged, without a copy, when it has none.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isBlank(first) || isBlank(last) else { return text }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end && isBlank(scalars[start]) { start = scalars.index(after: start) }
        while end > start && isBlank(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}

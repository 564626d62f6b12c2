import BreachDomain
import CSV
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
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
        } catch {
            throw BreachError(.invalidFile, "\(fileName): not readable as CSV (\(error)); check quoting")
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for name in header where !columns.contains(name) {
            throw BreachError(.invalidFile, "\(fileName): unknown column '\(TextRules.printable(name))'; columns are \(columns.joined(separator: ","))")
        }
        for required in ["id", "name", "role"] where !header.contains(required) {
            throw BreachError(.invalidFile, "\(fileName): missing column '\(required)'; columns are \(columns.joined(separator: ","))")
        }
        var contacts: [Contact] = []
        var firstRowOfID: [String: Int] = [:]
        var rowNumber = 1
        do {
            while let row = reader.next() {
                rowNumber += 1
                if row.allSatisfy({ $0.unicodeScalars.allSatisfy(isBlank) }) { continue }
                guard row.count == header.count else {
                    throw BreachError(.invalidFile, "\(fileName) row \(rowNumber): \(row.count) fields, the header has \(header.count)")
                }
                func field(_ name: String) -> String? {
                    guard let index = header.firstIndex(of: name) else { return nil }
                    let value = trimmed(row[index])
                    return value.isEmpty ? nil : value
                }
                let format: Contact.WebhookFormat
                if let raw = field("webhook_format") {
                    guard let parsed = Contact.WebhookFormat(rawValue: raw) else {
                        throw BreachError(.invalidFile, "\(fileName) row \(rowNumber), field webhook_format: '\(TextRules.printable(raw))' is not \(Contact.WebhookFormat.acceptedNames)")
                    }
                    format = parsed
                } else {
                    format = .generic
                }
                let contact = Contact(
                    id: field("id") ?? "", name: field("name") ?? "", role: field("role") ?? "",
                    tags: (field("tags") ?? "").split(whereSeparator: { $0 == ";" || $0 == " " }).map(String.init),
                    email: field("email"), webhookURL: field("webhook_url"), webhookSecretRef: field("webhook_secret"),
                    webhookFormat: format, caBundle: field("ca_bundle"))
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
        }
        if let error = reader.error {
            throw BreachError(.invalidFile, "\(fileName) near row \(rowNumber + 1): malformed CSV (\(error)); check quoting")
        }
        guard !contacts.isEmpty else { throw BreachError(.invalidFile, "\(fileName) has no contact rows") }
        return contacts
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

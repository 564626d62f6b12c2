import BreachDomain
import Foundation
import GRDB

/// The `contacts` read model: one row per contact currently in the registry.
public enum ContactProjection {
    static let columns = ["id", "name", "role", "tags", "email", "webhook_url", "webhook_secret_ref", "webhook_format", "ca_bundle"]

    /// The row of `contact`, in `columns` order. Tags are stored space-separated (they contain no spaces).
    static func row(_ contact: Contact) -> [DatabaseValue] {
        [contact.id.databaseValue, contact.name.databaseValue, contact.role.databaseValue, contact.tags.joined(separator: " ").databaseValue,
         contact.email?.databaseValue ?? .null, contact.webhookURL?.databaseValue ?? .null,
         contact.webhookSecretRef?.databaseValue ?? .null, contact.webhookFormat.rawValue.databaseValue,
         contact.caBundle?.databaseValue ?? .null]
    }

    /// Writes contact rows through statements bound by position (`BoundStatement`), kept for a unit of
    /// work: an import writes 100,000 rows, and GRDB's boxed arguments cost more than SQLite's insert.
    struct Writer {
        private var upsert: BoundStatement
        private var delete: BoundStatement

        init(in db: Database) throws {
            upsert = try BoundStatement(sql: upsertSQL, in: db)
            delete = try BoundStatement(sql: "DELETE FROM contacts WHERE id = ?", in: db)
        }

        /// Replaces the row of contact `id` with its folded state (removed contacts have no row).
        mutating func write(id: String, contact: Contact?) throws {
            guard let contact else {
                delete.bind(id)
                try delete.run()
                return
            }
            // In `columns` order; tags space-separated, as `row(_:)` stores them.
            upsert.bind(contact.id)
            upsert.bind(contact.name)
            upsert.bind(contact.role)
            upsert.bind(contact.tags.joined(separator: " "))
            upsert.bind(contact.email)
            upsert.bind(contact.webhookURL)
            upsert.bind(contact.webhookSecretRef)
            upsert.bind(contact.webhookFormat.rawValue)
            upsert.bind(contact.caBundle)
            try upsert.run()
        }
    }

    private static let upsertSQL =
        "INSERT OR REPLACE INTO contacts (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"

    /// The stored row of contact `id`, or nil.
    static func stored(id: String, in db: Database) throws -> [DatabaseValue]? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns.joined(separator: ", ")) FROM contacts WHERE id = ?"), arguments: [id])
            .map { row in columns.indices.map { row[$0] as DatabaseValue } }
    }

    /// The columns `contact(_:)` reads, in its order.
    static let selection = columns.joined(separator: ", ")

    /// Reads a contact from a row of `SELECT \(selection)`, by position: `affect --tag` reads 100,000 of
    /// them, and a look-up by name lowercases and searches the column names at every access.
    static func contact(_ row: Row) -> Contact {
        let tags: String = row[3]
        return Contact(id: row[0], name: row[1], role: row[2], tags: tags.split(separator: " ").map(String.init),
                       email: row[4], webhookURL: row[5], webhookSecretRef: row[6],
                       webhookFormat: Contact.WebhookFormat(rawValue: row[7]) ?? .generic, caBundle: row[8])
    }
}

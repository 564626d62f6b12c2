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

    /// Replaces the row of contact `id` with its folded state (removed contacts have no row).
    static func write(id: String, contact: Contact?, in db: Database) throws {
        // Cached statements, one per contact: an import writes 100,000 of these in one unit of work, and
        // preparing each anew was half of its time.
        guard let contact else {
            try db.cachedStatement(sql: "DELETE FROM contacts WHERE id = ?").execute(arguments: [id])
            return
        }
        try db.cachedStatement(sql: upsertSQL).execute(arguments: StatementArguments(row(contact)))
    }

    private static let upsertSQL =
        "INSERT OR REPLACE INTO contacts (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"

    /// The stored row of contact `id`, or nil.
    static func stored(id: String, in db: Database) throws -> [DatabaseValue]? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns.joined(separator: ", ")) FROM contacts WHERE id = ?"), arguments: [id])
            .map { row in columns.indices.map { row[$0] as DatabaseValue } }
    }

    /// Reads a contact from a `contacts` row.
    static func contact(_ row: Row) -> Contact {
        let tags: String = row["tags"]
        return Contact(id: row["id"], name: row["name"], role: row["role"], tags: tags.split(separator: " ").map(String.init),
                       email: row["email"], webhookURL: row["webhook_url"], webhookSecretRef: row["webhook_secret_ref"],
                       webhookFormat: Contact.WebhookFormat(rawValue: row["webhook_format"]) ?? .generic, caBundle: row["ca_bundle"])
    }
}

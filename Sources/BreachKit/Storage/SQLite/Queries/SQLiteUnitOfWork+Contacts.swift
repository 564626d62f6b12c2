import BreachDomain
import Foundation
import GRDB

/// The contact registry read model, as SQL over `contacts`.
extension SQLiteUnitOfWork {
    func contacts() throws -> [Contact] {
        // Decoded from the statement's row as it steps: `fetchAll` copied every row's values first.
        try Array(Row.fetchCursor(db, sql: "SELECT \(ContactProjection.selection) FROM contacts ORDER BY id").map(ContactProjection.contact))
    }

    func contact(_ id: String) throws -> Contact? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(ContactProjection.selection) FROM contacts WHERE id = ?"), arguments: [id]).map(ContactProjection.contact)
    }

    func contacts(ids: [String]) throws -> [Contact] {
        guard !ids.isEmpty else { return [] }
        // One statement for the batch, the ids bound as one JSON array and probed by primary key: a
        // prepared look-up per id (a cursor set up and torn down each time) was a third of a claim.
        let wanted = Set(ids)
        let list = JSONValue.array(wanted.map(JSONValue.string)).serialized()
        // Exact ids only: SQLite's JSON functions end a string at an escaped NUL, so "c1\u{0}" would find c1.
        return try Array(Row.fetchCursor(db.cachedStatement(sql: SQLiteQueries.contactsByID), arguments: [list])
            .map(ContactProjection.contact)).filter { wanted.contains($0.id) }
    }
}

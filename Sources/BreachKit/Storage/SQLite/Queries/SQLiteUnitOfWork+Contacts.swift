import BreachDomain
import Foundation
import GRDB

/// The contact registry read model, as SQL over `contacts`.
extension SQLiteUnitOfWork {
    func contacts() throws -> [Contact] {
        try Row.fetchAll(db, sql: "SELECT \(ContactProjection.selection) FROM contacts ORDER BY id").map(ContactProjection.contact)
    }

    func contact(_ id: String) throws -> Contact? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(ContactProjection.selection) FROM contacts WHERE id = ?"), arguments: [id]).map(ContactProjection.contact)
    }

    func contacts(ids: [String]) throws -> [Contact] {
        // One prepared look-up by primary key per distinct id: in-process, a few microseconds each.
        try Set(ids).compactMap { try contact($0) }
    }
}

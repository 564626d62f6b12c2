@testable import BreachKit
import BreachDomain
import BreachTestSupport
import Foundation
import GRDB
import Testing

/// `contact import` does the same work per contact however many it adds: the SQL statements it runs are
/// counted (SQLite's statement trace), not the seconds it takes. And it keeps every guarantee: one
/// `contact.added` event per contact in the hash chain, the registry's rows in the same transaction.
@Suite struct ContactImportCostTests {
    /// Imports `count` contacts from CSV text into a new database; the statements run per contact.
    private func statementsPerContact(_ count: Int) throws -> Double {
        let fixture = try StoreFixture()
        var csv = "id,name,role,tags,email\n"
        for n in 0..<count { csv += "admin-\(n),Administrator \(n),customer-admin,customer-bench;customer-\(n / 10),admin\(n)@customer.example\n" }
        let contacts = try ContactCSVImport.parse(text: csv, fileName: "contacts.csv")
        var statements = 0
        fixture.database.queue.inDatabase { db in
            db.trace(options: .statement) { _ in statements += 1 }
        }
        try ContactRegistry(database: fixture.database, clock: FixedClock(StoreFixture.at(0)), actor: "tester").add(contacts)
        fixture.database.queue.inDatabase { db in db.trace(options: .statement, nil) }

        let (events, rows, tags) = try fixture.database.queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE type = 'contact.added'"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts"),
             try String.fetchOne(db, sql: "SELECT tags FROM contacts WHERE id = 'admin-1'"))
        }
        #expect(events == count)
        #expect(rows == count)
        #expect(tags == "customer-bench customer-0")
        let integrity = try IncidentService(database: fixture.database, clock: FixedClock(StoreFixture.at(0)), actor: "tester").verify()
        #expect(integrity.isIntact, "\(integrity)")
        return Double(statements) / Double(count)
    }

    @Test func statementsPerContactDoNotGrowWithTheFile() throws {
        let small = try statementsPerContact(100)
        let large = try statementsPerContact(400)
        #expect(large <= small, "statements per contact: \(small) at 100 rows, \(large) at 400")
        // The stream's version asked by the registry and checked by the appender, the event, the row: four.
        #expect(small < 4.2, "statements per contact at 100 rows: \(small)")
    }
}

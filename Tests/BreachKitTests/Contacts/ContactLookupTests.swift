import BreachDomain
@testable import BreachKit
import Foundation
import Testing

/// A claim reads the contacts of the notifications it takes, not the whole registry (issue 17: 50,000
/// contacts were decoded on every claim round of a large notify).
@Suite struct ContactLookupTests {
    @Test func contactsByIdAreThoseStillInTheRegistry() throws {
        let fixture = try StoreFixture()
        let registry = ContactRegistry(database: fixture.database, clock: FixedClock(StoreFixture.at(0)), actor: "tester")
        try registry.add((1...5).map { Contact(id: "c\($0)", name: "Customer \($0)", role: "customer-admin", webhookURL: "https://hooks.example/\($0)") })
        let service = fixture.service()
        let found = try service.store.read { try $0.contacts(ids: ["c2", "c4", "gone", "c2"]) }
        #expect(found.map(\.id).sorted() == ["c2", "c4"], "each contact once, however often it is asked for")
        #expect(found.first { $0.id == "c4" }?.webhookURL == "https://hooks.example/4")
        #expect(try service.store.read { try $0.contacts(ids: []) }.isEmpty)
        // Ids are bound as data, never spliced into the SQL: quotes, brackets and JSON's own syntax find nothing.
        for odd in [#"c1"]"#, "c1' OR '1'='1", #"["c1"]"#, "\\", "c1\u{0}"] {
            #expect(try service.store.read { try $0.contacts(ids: [odd]) }.isEmpty, "\(odd)")
        }
    }
}

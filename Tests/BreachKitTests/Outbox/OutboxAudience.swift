@testable import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// A declared incident whose audience is many webhook contacts: the set-up of the outbox's volume tests.
struct OutboxAudience {
    /// Holds the receiver's log; kept for as long as the receiver runs.
    let directory: TestDirectory
    let server: TestServer
    let fixture: StoreFixture
    let service: IncidentService
    let outbox: NotificationOutbox
    let id: String

    /// A webhook receiver of its own (logging to a directory named after `label`) and an incident linked to
    /// `recipients` of its contacts.
    init(_ label: String, recipients: Int) throws {
        directory = try TestDirectory(label)
        server = try TestServer(script: "webhook_server.py", directory: directory)
        (fixture, service, outbox, id) = try Self.incident(recipients: recipients, server: server)
    }

    /// A declared incident linked to `recipients` webhook contacts of `server`, its store and its outbox.
    static func incident(recipients: Int, server: TestServer)
        throws -> (fixture: StoreFixture, service: IncidentService, outbox: NotificationOutbox, id: String) {
        let fixture = try StoreFixture()
        let (service, outbox, id) = try incident(recipients: recipients, server: server, store: SQLiteStore(database: fixture.database), actor: "tester")
        return (fixture, service, outbox, id)
    }

    /// The same incident in `store` (either backend), recorded by `actor`.
    static func incident(recipients: Int, server: TestServer, store: any BreachStore, actor: String)
        throws -> (service: IncidentService, outbox: NotificationOutbox, id: String) {
        let rules = CatalogRulesProvider(catalog: try PlaybookCatalog.load(directory: OutboxScenario.playbooks))
        let service = IncidentService(store: store, clock: FixedClock(StoreFixture.at(0)), actor: actor, wallClock: SystemClock(), rulesProvider: rules)
        let contacts = (1...recipients).map {
            Contact(id: "c\($0)", name: "Customer \($0)", role: "customer-admin", webhookURL: server.url("/ok"))
        }
        try ContactRegistry(store: store, clock: FixedClock(StoreFixture.at(0)), actor: actor).add(contacts)
        let id = try service.detect(title: "Leak", kind: "data-breach", severity: .high, summary: nil).id
        _ = try service.affect(id, contactIDs: contacts.map(\.id), tag: nil)
        _ = try service.execute(.declare(awareAt: StoreFixture.at(0), reason: nil), on: id)
        return (service, NotificationOutbox(service: service, configuration: BreachConfiguration(), environment: [:]), id)
    }
}

@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB

/// One incident of the shipped `data-breach` playbook, declared, with one affected customer admin:
/// queue its notification through the outbox, attempt it, and read back what was recorded.
struct OutboxScenario {
    let fixture: StoreFixture
    let service: IncidentService
    let outbox: NotificationOutbox
    let incidentID: String

    static let playbooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Playbooks")

    /// `contact` is linked as the only affected customer admin; leases use the real wall clock.
    init(contact: Contact, configuration: BreachConfiguration = BreachConfiguration(), environment: [String: String] = [:]) throws {
        fixture = try StoreFixture()
        service = IncidentService(database: fixture.database, clock: FixedClock(StoreFixture.start), actor: "tester",
                                  wallClock: SystemClock(), rulesProvider: CatalogRulesProvider(catalog: try PlaybookCatalog.load(directory: Self.playbooks)))
        try ContactRegistry(database: fixture.database, clock: service.clock, actor: "tester").add([contact])
        incidentID = try service.detect(title: "Fault matrix", kind: "data-breach", severity: .high, summary: nil).id
        _ = try service.affect(incidentID, contactIDs: [contact.id], tag: nil)
        _ = try service.execute(.declare(awareAt: StoreFixture.start, reason: nil), on: incidentID)
        outbox = NotificationOutbox(service: service, configuration: configuration, environment: environment)
        _ = try outbox.queue(incidentID: incidentID, obligationID: "customer-admins")
    }

    /// One delivery pass at the scenario's time; returns the notification as recorded afterwards.
    @discardableResult
    func deliver() throws -> IncidentNotification {
        _ = try outbox.deliverDue(incidentID: incidentID)
        return try notification()
    }

    func notification() throws -> IncidentNotification {
        guard let notification = try service.load(incidentID).notifications.first else { throw TestSupportError("nothing was queued") }
        return notification
    }

    /// The read model's `next_attempt_at` of the notification.
    func nextAttemptAt() throws -> Date? {
        try fixture.database.read { db in
            try String.fetchOne(db, sql: "SELECT next_attempt_at FROM notifications WHERE incident_id = ?", arguments: [incidentID])
        }.flatMap(RFC3339.parse)
    }

    /// How many delivery leases are held, by anyone.
    func leaseCount() throws -> Int {
        try fixture.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery_leases") ?? 0 }
    }

    /// The types of the notification events of the incident, in order.
    func notificationEvents() throws -> [StoredEvent] {
        try fixture.storedEvents().filter { $0.stream == incidentID && $0.type.hasPrefix("notification.") }
    }
}

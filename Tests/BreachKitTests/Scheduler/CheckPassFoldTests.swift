@testable import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// One `check` pass folds each incident it touches once, and carries it from the deadline review through
/// the outbox's claim and record — even when a failure escalates and a second delivery round runs.
@Suite struct CheckPassFoldTests {
    @Test func eachDueIncidentIsFoldedOncePerPass() throws {
        let directory = try TestDirectory("check-folds")
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        let fixture = try StoreFixture()
        let rules = CatalogRulesProvider(catalog: try PlaybookCatalog.load(directory: OutboxScenario.playbooks))
        func service(at hours: Double) -> IncidentService {
            IncidentService(database: fixture.database, clock: FixedClock(StoreFixture.at(hours)), actor: "tester",
                            wallClock: SystemClock(), rulesProvider: rules)
        }
        // Given three declared incidents: the first's customer webhook accepts, the second's answers 404
        // for good (so its failure escalates to the on-call webhook in a second round), the third has
        // nothing queued but passes a warning threshold
        try ContactRegistry(database: fixture.database, clock: FixedClock(StoreFixture.at(0)), actor: "tester").add([
            Contact(id: "ok", name: "OK", role: "customer-admin", webhookURL: server.url("/ok")),
            Contact(id: "gone", name: "Gone", role: "customer-admin", webhookURL: server.url("/status/404")),
            Contact(id: "oncall", name: "On call", role: "escalation", webhookURL: server.url("/seq/oncall/200")),
        ])
        var configuration = BreachConfiguration()
        configuration.escalationContacts = ["oncall"]
        var ids: [String] = []
        for contact in ["ok", "gone", nil] {
            let id = try service(at: 0).detect(title: "Leak", kind: "data-breach", severity: .high, summary: nil).id
            if let contact {
                _ = try service(at: 0).affect(id, contactIDs: [contact], tag: nil)
            }
            _ = try service(at: 0).execute(.declare(awareAt: StoreFixture.at(0), reason: nil), on: id)
            if contact != nil {
                _ = try NotificationOutbox(service: service(at: 0), configuration: configuration, environment: [:])
                    .queue(incidentID: id, obligationID: "customer-admins")
            }
            ids.append(id)
        }
        // When one pass runs late enough for warnings on every incident
        let states = FoldedIncidents()
        let report = try DeadlineChecker(service: service(at: 60), configuration: configuration, environment: [:])
            .run(dryRun: false, states: states)
        // Then it delivered, failed, escalated and warned…
        #expect(report.delivered.contains { $0.incidentID == ids[0] && $0.obligationID == "customer-admins" })
        #expect(report.failed.contains { $0.incidentID == ids[1] })
        #expect(report.delivered.contains { $0.incidentID == ids[1] && $0.obligationID == Escalation.obligationID })
        #expect(Set(report.warnings.map(\.incidentID)) == Set(ids))
        // …and folded each of the three incidents exactly once
        #expect(states.folds == 3)
    }

    /// A pass with nothing due folds no incident: open incidents whose obligations count no calendar
    /// cannot carry a calendar warning, so the calendar review leaves them alone.
    @Test func aQuietPassFoldsNothing() throws {
        let fixture = try StoreFixture()
        let rules = CatalogRulesProvider(catalog: try PlaybookCatalog.load(directory: OutboxScenario.playbooks))
        let service = IncidentService(database: fixture.database, clock: FixedClock(StoreFixture.at(0)), actor: "tester",
                                      wallClock: SystemClock(), rulesProvider: rules)
        // Given five declared incidents, none of whose obligations is counted in a calendar
        for _ in 0..<5 {
            let id = try service.detect(title: "Leak", kind: "data-breach", severity: .high, summary: nil).id
            _ = try service.execute(.declare(awareAt: StoreFixture.at(0), reason: nil), on: id)
        }
        // When a pass runs an hour later, with nothing due and no warning threshold passed
        let states = FoldedIncidents()
        let later = IncidentService(database: fixture.database, clock: FixedClock(StoreFixture.at(1)), actor: "tester",
                                    wallClock: SystemClock(), rulesProvider: rules)
        let report = try DeadlineChecker(service: later, configuration: BreachConfiguration(), environment: [:])
            .run(dryRun: false, states: states)
        // Then it reports nothing and folded none of them
        #expect(report.warnings.isEmpty && report.delivered.isEmpty && report.failed.isEmpty)
        #expect(states.folds == 0)
    }
}

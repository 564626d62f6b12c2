import BreachDomain
import BreachDatasets
@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB
import Testing

/// Tiny versions of every `scripts/bench` path (a few hundred items), checking results, never timing:
/// they keep the generator and the harness from rotting.
@Suite("Benchmark paths, smoke-sized")
struct BenchmarkSmokeTests {
    let fixture: StoreFixture

    init() throws { fixture = try StoreFixture() }

    static let playbook = StoreFixture.dataBreachPlaybook
    static let checkTime = RFC3339.parse("2026-03-01T12:00:00Z")!

    func service(at now: Date = checkTime) -> IncidentService {
        IncidentService(database: fixture.database, clock: FixedClock(now), actor: "bench", wallClock: FixedClock(now))
    }

    @discardableResult
    func generate(_ scenario: DatasetGenerator.Scenario = .mixed, incidents: Int, start: Date? = nil) throws -> DatasetGenerator.Summary {
        try fixture.generate(scenario, incidents: incidents, start: start)
    }

    @Test func bulkAppendWritesAnIntactChainAndMatchingReadModels() throws {
        let summary = try generate(incidents: 300)
        #expect(summary.incidents == 300)
        #expect(summary.events == (try fixture.storedEvents().filter { !$0.isContactEvent }.count))
        let report = try fixture.verify()
        #expect(report.isIntact, "\(String(describing: report.chainProblem)) \(report.projectionProblem ?? "")")
    }

    @Test func theMixedDataSetHasTheAdvertisedMix() throws {
        let summary = try generate(incidents: 400)
        #expect((20...70).contains(summary.declared), "declared \(summary.declared) of 400")
        let counts = try fixture.database.read { db in
            (open: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incidents WHERE stage <> 'closed'")!,
             reopened: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE type = 'incident.reopened'")!,
             notes: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE type = 'incident.note_added'")!,
             delivered: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notifications WHERE status = 'delivered'")!,
             retried: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE type = 'notification.attempted'")!,
             linked: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE type = 'incident.contact_linked'")!)
        }
        #expect(counts.open > 20 && counts.open < 400)
        #expect(counts.reopened > 0 && counts.notes > 100 && counts.delivered > summary.declared && counts.retried > 0)
        #expect(counts.linked >= 2 * summary.declared)
    }

    @Test func theSameSeedGivesTheSameLog() throws {
        try generate(incidents: 120)
        let other = try StoreFixture()
        let options = DatasetGenerator.Options(incidents: 120, batchSize: 7)
        let otherService = IncidentService(database: other.database, clock: FixedClock(options.start), actor: "bench",
                                           wallClock: FixedClock(options.start))
        try DatasetGenerator(playbook: Self.playbook, options: options).write(to: otherService)
        let mine = try fixture.storedEvents(), theirs = try other.storedEvents()
        #expect(mine.count == theirs.count)
        // Same wall clock too, so even the hash chain is identical: batch size changes nothing.
        #expect(mine.last?.hash == theirs.last?.hash)
    }

    @Test func rebuildOfAGeneratedLogGivesTheSameReadModels() throws {
        try generate(incidents: 250)
        let before = try fixture.readModels()
        let stats = try service().rebuild()
        #expect(stats.incidents == 250)
        #expect(try fixture.readModels() == before)
    }

    @Test func checkWithNothingDueDoesNothing() throws {
        try generate(.openDeclared(dueWarnings: 0), incidents: 200, start: Self.checkTime)
        let checker = DeadlineChecker(service: service(), configuration: BreachConfiguration(), environment: [:])
        let report = try checker.run(dryRun: false)
        #expect(report.warnings.isEmpty && report.missed.isEmpty && report.delivered.isEmpty && report.overdueIncidents.isEmpty)
        #expect(try fixture.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incidents WHERE declared_at IS NOT NULL") } == 200)
    }

    @Test func checkSendsEachDueWarningOnce() throws {
        try generate(.openDeclared(dueWarnings: 40), incidents: 200, start: Self.checkTime)
        let checker = DeadlineChecker(service: service(), configuration: BreachConfiguration(), environment: [:])
        let first = try checker.run(dryRun: false)
        #expect(first.warnings.count == 40 * Self.playbook.obligations.count)
        #expect(Set(first.warnings.map(\.incidentID)) == Set((1...40).map(IncidentID.make)))
        #expect(try checker.run(dryRun: false).warnings.isEmpty)
    }

    @Test func slaReportHasOneRowPerIncidentWithTheRightVerdicts() throws {
        let summary = try generate(incidents: 300)
        let rows = try service().slaRows(ReportWindow())
        #expect(rows.count == 300)
        #expect(rows.filter { $0.notificationSLA == .notDeclared }.count == 300 - summary.declared)
        // Every generated declared incident is notified (some late) or waived: none stays pending.
        #expect(rows.filter { $0.declaredAt != nil }.allSatisfy { $0.notificationSLA != .pending && $0.notificationSLA != .notDeclared })
    }

    @Test func listOpenMatchesTheReadModel() throws {
        try generate(incidents: 300)
        let open = try service().list(IncidentFilter(openOnly: true))
        let expected = try fixture.database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM incidents WHERE stage <> 'closed' ORDER BY number")
        }
        #expect(open.map(\.id) == expected)
    }
}

import BreachDatasets
import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// The whole-command paths of `scripts/bench`, smoke-sized: the built binary over a generated database.
@Suite("Benchmark commands, smoke-sized")
struct BenchmarkCommandSmokeTests {
    let cli: BreachCLI

    init() throws { cli = try BreachCLI() }

    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Generates `incidents` mixed incidents into the CLI's database, through the real store API.
    func generate(incidents: Int) throws -> DatasetGenerator.Summary {
        let playbook = try PlaybookLoader.load(contentsOf: Self.root.appendingPathComponent("Playbooks/data-breach.yml"))
        let service = IncidentService(store: try SQLiteStore.open(path: cli.databasePath), clock: FixedClock(Date()), actor: "bench")
        return try DatasetGenerator(playbook: playbook, options: DatasetGenerator.Options(incidents: incidents)).write(to: service)
    }

    @Test func listOpenRebuildAndTheSLAReportAgreeWithTheGeneratedLog() throws {
        let summary = try generate(incidents: 200)
        let open = try cli.succeed("list", "--open", "--json").json() as? [[String: Any]]
        let expectedOpen = try cli.sqlite("SELECT COUNT(*) FROM incidents WHERE stage <> 'closed'").stdout
        #expect("\(open?.count ?? -1)\n" == expectedOpen)
        #expect(open?.allSatisfy { $0["stage"] as? String != "closed" } == true)

        let rebuilt = try cli.succeed("rebuild", "--json").object()
        #expect(rebuilt["incidents"] as? Int == 200)
        let incidentEvents = try cli.sqlite("SELECT COUNT(*) FROM events WHERE stream LIKE 'INC-%'").stdout
        #expect(incidentEvents == "\(summary.events)\n")
        #expect((rebuilt["events"] as? Int ?? 0) > summary.events)
        #expect(try cli.succeed("verify", "--json").object()["ok"] as? Bool == true)

        let csv = try cli.succeed("report", "sla", now: "2028-06-01T00:00:00Z").stdout
        #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 201)
    }
}

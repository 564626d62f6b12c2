import Foundation
import Testing

@Suite("breach: show, list, timeline")
struct ReadCommandTests {
    let cli: BreachCLI

    init() throws { cli = try BreachCLI() }

    /// INC-1 declared in assess, INC-2 closed, INC-3 fresh.
    private func givenThreeIncidents() throws {
        try cli.detect("Leaked S3 bucket")
        try cli.detect("Phishing wave", severity: "medium")
        try cli.detect("Odd login", severity: "low")
        try cli.succeed("advance", "INC-1", "--force", "--reason", "fixture", now: "2026-11-28T10:00:00Z")
        try cli.succeed("declare", "INC-1", now: "2026-11-28T11:00:00Z")
        try cli.succeed("close", "INC-2", "--resolution", "false positive", now: "2026-11-28T11:00:00Z")
    }

    private func listedIDs(_ filters: String...) throws -> [String] {
        let items = try #require(try cli.succeed(["list", "--json"] + filters).json() as? [[String: Any]])
        return items.compactMap { $0["id"] as? String }
    }

    @Test func showPrintsTheIncident() throws {
        try cli.detect()
        let text = try cli.succeed("show", "INC-1").stdout
        #expect(text.hasPrefix("INC-1  Leaked S3 bucket\n"))
        #expect(text.contains("  stage:     detect\n"))
        #expect(text.contains("  detected:  2026-11-28T09:00:00Z\n"))
        #expect(text.contains("  declared:  not declared\n"))
        #expect(text.contains("  assignee:  unassigned\n"))
    }

    @Test func showJSONHasTheSpecShape() throws {
        try cli.detect()
        let incident = try cli.succeed("show", "INC-1", "--json").object()
        for key in LifecycleCommandTests.incidentKeys { #expect(incident.keys.contains(key), "missing \(key)") }
    }

    @Test func listFiltersByStageOpenAndDeclared() throws {
        try givenThreeIncidents()
        #expect(try listedIDs() == ["INC-1", "INC-2", "INC-3"])
        #expect(try listedIDs("--stage", "assess") == ["INC-1"])
        #expect(try listedIDs("--stage", "close") == ["INC-2"])
        #expect(try listedIDs("--open") == ["INC-1", "INC-3"])
        #expect(try listedIDs("--declared") == ["INC-1"])
        #expect(try listedIDs("--open", "--stage", "closed") == [])
    }

    @Test func listJSONItemsHaveTheSpecShape() throws {
        try givenThreeIncidents()
        let items = try #require(try cli.succeed("list", "--json").json() as? [[String: Any]])
        for item in items {
            for key in LifecycleCommandTests.incidentKeys { #expect(item.keys.contains(key), "\(item["id"] ?? "?") lacks \(key)") }
        }
        #expect(items[0]["declared_at"] as? String == "2026-11-28T11:00:00Z")
        #expect(items[1]["closed_at"] as? String == "2026-11-28T11:00:00Z")
        #expect(items[2]["assignee"] is NSNull)
    }

    @Test func listPrintsATable() throws {
        try givenThreeIncidents()
        let lines = try cli.succeed("list", "--open").stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ID"))
        #expect(lines[1].hasPrefix("INC-1") && lines[1].hasSuffix("Leaked S3 bucket"))
        #expect(lines[2].hasPrefix("INC-3"))
    }

    @Test func anEmptyListSaysSoOnStderr() throws {
        try cli.detect()
        let output = try cli.run("list", "--declared")
        #expect(output.status == 0)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr == "no incidents match\n")
    }

    @Test func timelineShowsEveryChangeWithItsActor() throws {
        // Given changes by --actor, by $BREACH_ACTOR and by the default test actor
        try cli.detect()
        try cli.succeed("note", "INC-1", "first look", "--actor", "alice", now: "2026-11-28T09:05:00Z")
        let viaEnvironment = try cli.run("assign", "INC-1", "carol", now: "2026-11-28T09:10:00Z", environment: ["BREACH_ACTOR": "bob"])
        #expect(viaEnvironment.status == 0)
        let overridden = try cli.run("note", "INC-1", "flag wins", "--actor", "dave", now: "2026-11-28T09:15:00Z",
                                     environment: ["BREACH_ACTOR": "bob"])
        #expect(overridden.status == 0)
        // When the timeline is read
        let entries = try #require(try cli.succeed("timeline", "INC-1", "--json").json() as? [[String: Any]])
        // Then each entry names who did it, when, and what
        #expect(entries.map { $0["actor"] as? String } == ["tester", "alice", "bob", "dave"])
        #expect(entries.map { $0["type"] as? String } == ["incident.detected", "incident.note_added", "incident.assigned", "incident.note_added"])
        #expect(entries.map { $0["at"] as? String } == ["2026-11-28T09:00:00Z", "2026-11-28T09:05:00Z", "2026-11-28T09:10:00Z",
                                                         "2026-11-28T09:15:00Z"])
        #expect(entries.map { $0["sequence"] as? Int } == [1, 2, 3, 4])
        let text = try cli.succeed("timeline", "INC-1").stdout
        #expect(text.contains("2026-11-28T09:05:00Z  alice  note: first look"))
    }

    @Test func everyPrintedTimeIsUTCWithZ() throws {
        try givenThreeIncidents()
        try cli.succeed("note", "INC-1", "at an offset", now: "2026-11-28T13:00:00+02:00")
        var printed = ""
        for arguments in [["show", "INC-1"], ["show", "INC-1", "--json"], ["show", "INC-2"], ["list"], ["list", "--json"],
                          ["timeline", "INC-1"], ["timeline", "INC-1", "--json"], ["timeline", "INC-2"]] {
            printed += try cli.succeed(arguments).stdout
        }
        let pattern = try NSRegularExpression(pattern: #"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?[^\s"]?"#)
        let matches = pattern.matches(in: printed, range: NSRange(printed.startIndex..., in: printed))
            .map { String(printed[Range($0.range, in: printed)!]) }
        #expect(matches.count > 20)
        for time in matches { #expect(time.hasSuffix("Z"), "\(time) is not UTC with Z") }
        #expect(printed.contains("2026-11-28T11:00:00Z"))
    }

    @Test(arguments: [["show", "INC-1"], ["list"], ["list", "--json"], ["timeline", "INC-1"], ["verify"], ["rebuild"],
                      ["advance", "INC-1"], ["note", "INC-1", "hello"]])
    func aMissingDatabaseIsNotFoundAndNotCreated(_ arguments: [String]) throws {
        try cli.expectRefusal(66, arguments, mentioning: "no database")
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath))
    }
}

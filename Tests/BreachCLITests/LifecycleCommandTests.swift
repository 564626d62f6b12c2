import Foundation
import Testing

@Suite("breach: commands that change an incident")
struct LifecycleCommandTests {
    // Every test runs on both backends (`BreachCLI.Backend`): the same commands, the same output.

    /// The keys the SPEC promises in an incident document.
    static let incidentKeys = ["id", "title", "kind", "severity", "stage", "detected_at", "declared_at", "closed_at", "assignee", "overdue",
                               "obligations", "notifications"]

    @Test(arguments: BreachCLI.Backend.allCases)
    func detectPrintsIdsInOrder(backend: BreachCLI.Backend) throws {
        let cli = try BreachCLI(backend: backend)
        #expect(try [cli.detect("one"), cli.detect("two"), cli.detect("three")] == ["INC-1", "INC-2", "INC-3"])
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func detectJSONHasTheSpecShape(backend: BreachCLI.Backend) throws {
        let cli = try BreachCLI(backend: backend)
        // When an incident is detected with --json
        let incident = try cli.succeed("detect", "Leaked S3 bucket", "--kind", "data-breach", "--severity", "HIGH",
                                       "--summary", "public ACL", "--json").object()
        // Then it has every SPEC key, with nulls for what has not happened yet
        for key in Self.incidentKeys { #expect(incident.keys.contains(key), "missing \(key)") }
        #expect(incident["id"] as? String == "INC-1")
        #expect(incident["title"] as? String == "Leaked S3 bucket")
        #expect(incident["kind"] as? String == "data-breach")
        #expect(incident["severity"] as? String == "high")
        #expect(incident["stage"] as? String == "detect")
        #expect(incident["detected_at"] as? String == "2026-11-28T09:00:00Z")
        for key in ["declared_at", "closed_at", "assignee"] { #expect(incident[key] is NSNull, "\(key) should be null") }
        #expect(incident["overdue"] as? Bool == false)
        #expect((incident["obligations"] as? [Any])?.isEmpty == true)
        #expect((incident["notifications"] as? [Any])?.isEmpty == true)
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func advanceMovesToTheNextOrAChosenStage(backend: BreachCLI.Backend) throws {
        let cli = try BreachCLI(backend: backend)
        try cli.detect()
        let refused = try cli.run("advance", "INC-1", now: "2026-11-28T09:30:00Z")
        #expect(refused.status == 67)
        #expect(refused.stderr.contains("detect/triage-alert, detect/incident-manager"))
        for item in ["triage-alert", "incident-manager"] { try cli.succeed("check-item", "INC-1", item) }
        #expect(try cli.succeed("advance", "INC-1", now: "2026-11-28T10:00:00Z").stdout == "INC-1 is now in assess\n")
        for item in ["identify-data", "identify-affected", "declaration-decision", "root-cause", "scope-confirmed"] {
            try cli.succeed("check-item", "INC-1", item)
        }
        let json = try cli.succeed("advance", "inc-1", "--to", "recover", "--reason", "contained quickly", "--json",
                                   now: "2026-11-28T11:00:00Z").object()
        #expect(json["stage"] as? String == "stabilize")
        let stages = try #require(json["stages"] as? [[String: Any]])
        #expect(stages.map { $0["stage"] as? String } == ["detect", "assess", "stabilize"])
        #expect(stages.map { $0["left_at"] as? String } == ["2026-11-28T10:00:00Z", "2026-11-28T11:00:00Z", nil])
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func noteAndAssignAnnotateTheIncident(backend: BreachCLI.Backend) throws {
        let cli = try BreachCLI(backend: backend)
        try cli.detect()
        #expect(try cli.succeed("note", "INC-1", "rotated the leaked keys").stdout == "INC-1: note added\n")
        #expect(try cli.succeed("assign", "INC-1", "alice").stdout == "INC-1 is assigned to alice\n")
        let incident = try cli.succeed("show", "INC-1", "--json").object()
        #expect(incident["assignee"] as? String == "alice")
        let notes = try #require(incident["notes"] as? [[String: Any]])
        #expect(notes.first?["text"] as? String == "rotated the leaked keys")
        #expect(notes.first?["actor"] as? String == cli.actor)
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func declareStartsTheClock(backend: BreachCLI.Backend) throws {
        let cli = try BreachCLI(backend: backend)
        try cli.detect()
        let output = try cli.succeed("declare", "INC-1", "--aware-at", "2026-11-28T08:30:00+00:00", "--reason", "customer PII",
                                     now: "2026-11-28T10:00:00Z")
        #expect(output.stdout.hasPrefix("INC-1 declared at 2026-11-28T10:00:00Z (aware at 2026-11-28T08:30:00Z)"))
        let incident = try cli.succeed("show", "INC-1", "--json", now: "2026-11-28T10:05:00Z").object()
        #expect(incident["declared_at"] as? String == "2026-11-28T10:00:00Z")
        #expect(incident["aware_at"] as? String == "2026-11-28T08:30:00Z")
        let declared = try cli.succeed("list", "--declared", "--json").json() as? [[String: Any]]
        #expect(declared?.map { $0["id"] as? String } == ["INC-1"])
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func determineRecordsTheMaterialityDetermination(backend: BreachCLI.Backend) throws {
        let cli = try BreachCLI(backend: backend)
        try cli.detect()
        let output = try cli.succeed("determine", "INC-1", "--at", "2026-11-28T09:30:00Z", now: "2026-11-28T10:00:00Z")
        #expect(output.stdout == "INC-1: materiality determined at 2026-11-28T09:30:00Z\n")
        #expect(try cli.succeed("show", "INC-1", "--json").object()["determined_at"] as? String == "2026-11-28T09:30:00Z")
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func closeAndReopen(backend: BreachCLI.Backend) throws {
        let cli = try BreachCLI(backend: backend)
        try cli.detect()
        #expect(try cli.succeed("close", "INC-1", "--resolution", "false positive", now: "2026-11-28T10:00:00Z").stdout == "INC-1 is closed\n")
        let closed = try cli.succeed("show", "INC-1", "--json", now: "2026-11-28T10:00:00Z").object()
        #expect(closed["stage"] as? String == "closed")
        #expect(closed["closed_at"] as? String == "2026-11-28T10:00:00Z")
        let reopened = try cli.succeed("reopen", "INC-1", "--to", "diagnose", "--reason", "second exfiltration path",
                                       now: "2026-11-28T12:00:00Z")
        #expect(reopened.stdout == "INC-1 is reopened in diagnose\n")
        let incident = try cli.succeed("show", "INC-1", "--json", now: "2026-11-28T12:00:00Z").object()
        #expect(incident["stage"] as? String == "diagnose")
        #expect(incident["closed_at"] is NSNull)
    }
}

import Foundation
import Testing

/// A command line that must be refused, and how.
struct BadCall: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let status: Int32
    let fragment: String?
    var now: String? = "2026-11-28T12:00:00Z"
    var environment: [String: String] = [:]

    var testDescription: String {
        (arguments + (now.map { ["--now", $0] } ?? [])).joined(separator: " ") + (environment.isEmpty ? "" : " with \(environment)")
    }
}

@Suite("breach: bad input is refused, once, and changes nothing")
struct RefusalTests {
    /// INC-1 declared in diagnose, INC-2 closed, on `backend`.
    static func given(_ backend: BreachCLI.Backend) throws -> BreachCLI {
        let cli = try BreachCLI(backend: backend)
        try cli.detect("Leaked S3 bucket")
        try cli.detect("Phishing wave")
        try cli.succeed("advance", "INC-1", "--to", "diagnose", "--force", "--reason", "fixture", now: "2026-11-28T10:00:00Z")
        try cli.succeed("declare", "INC-1", now: "2026-11-28T11:00:00Z")
        try cli.succeed("close", "INC-2", "--resolution", "false positive", now: "2026-11-28T11:00:00Z")
        return cli
    }

    static let unknownIncident = [
        BadCall(arguments: ["show", "INC-9"], status: 66, fragment: "no incident INC-9"),
        BadCall(arguments: ["advance", "INC-9"], status: 66, fragment: "INC-9"),
        BadCall(arguments: ["note", "inc-9", "x"], status: 66, fragment: "INC-9"),
        BadCall(arguments: ["timeline", "INC-9"], status: 66, fragment: "INC-9"),
        BadCall(arguments: ["waive", "INC-1", "notify-nobody", "--reason", "r"], status: 66, fragment: "notify-nobody"),
        BadCall(arguments: ["check-item", "INC-1", "no-such-item"], status: 66, fragment: nil),
    ]

    static let malformedValues = [
        BadCall(arguments: ["show", "INC-x"], status: 64, fragment: "'INC-x' is not an incident id"),
        BadCall(arguments: ["advance", "bogus"], status: 64, fragment: "bogus"),
        BadCall(arguments: ["advance", "INC-1", "--to", "nowhere"], status: 64, fragment: "unknown stage 'nowhere'"),
        BadCall(arguments: ["list", "--stage", "nowhere"], status: 64, fragment: "--stage"),
        BadCall(arguments: ["reopen", "INC-2", "--to", "limbo", "--reason", "r"], status: 64, fragment: "limbo"),
        BadCall(arguments: ["detect", "t", "--kind", "data-breach", "--severity", "severe"], status: 64, fragment: "unknown severity 'severe'"),
        BadCall(arguments: ["detect", " ", "--kind", "data-breach", "--severity", "low"], status: 64, fragment: "title"),
        BadCall(arguments: ["note", "INC-1", "  "], status: 64, fragment: "note"),
        BadCall(arguments: ["declare", "INC-2", "--aware-at", "yesterday"], status: 64, fragment: "RFC 3339"),
        BadCall(arguments: ["determine", "INC-1", "--at", "2027-01-01T00:00:00Z"], status: 64, fragment: "future"),
        BadCall(arguments: ["advance", "INC-1", "--force"], status: 64, fragment: "--reason"),
        BadCall(arguments: ["list"], status: 64, fragment: "--now 'tomorrow'", now: "tomorrow"),
        BadCall(arguments: ["detect", "t", "--kind", "data-breach", "--severity", "low"], status: 64, fragment: "RFC 3339",
                now: "2026-13-01T00:00:00Z"),
        BadCall(arguments: ["note", "INC-1", "x"], status: 64, fragment: "$BREACH_NOW 'soon'", now: nil, environment: ["BREACH_NOW": "soon"]),
        BadCall(arguments: ["show", "INC-1"], status: 64, fragment: "$BREACH_NOW", now: nil, environment: ["BREACH_NOW": "2026-11-28"]),
    ]

    static let missingArguments = [
        BadCall(arguments: ["detect", "--kind", "data-breach", "--severity", "high"], status: 64, fragment: "<title>"),
        BadCall(arguments: ["detect", "t", "--kind", "data-breach"], status: 64, fragment: "--severity"),
        BadCall(arguments: ["note", "INC-1"], status: 64, fragment: "<text>"),
        BadCall(arguments: ["close", "INC-1"], status: 64, fragment: "--resolution"),
        BadCall(arguments: ["reopen", "INC-2", "--to", "assess"], status: 64, fragment: "--reason"),
        BadCall(arguments: ["show"], status: 64, fragment: "<id>"),
        BadCall(arguments: ["frobnicate"], status: 64, fragment: nil),
    ]

    static let refusedByTheRules = [
        BadCall(arguments: ["advance", "INC-1", "--to", "assess"], status: 67, fragment: "only move forward"),
        BadCall(arguments: ["advance", "INC-1", "--to", "diagnose"], status: 67, fragment: "already in diagnose"),
        BadCall(arguments: ["advance", "INC-1", "--to", "closed"], status: 67, fragment: "breach close INC-1"),
        BadCall(arguments: ["declare", "INC-1"], status: 67, fragment: "already declared"),
        BadCall(arguments: ["advance", "INC-2"], status: 67, fragment: "INC-2 is closed"),
        BadCall(arguments: ["declare", "INC-2"], status: 67, fragment: "INC-2 is closed"),
        BadCall(arguments: ["assign", "INC-2", "bob"], status: 67, fragment: "INC-2 is closed"),
        BadCall(arguments: ["close", "INC-2", "--resolution", "again"], status: 67, fragment: "INC-2 is closed"),
        BadCall(arguments: ["reopen", "INC-1", "--to", "assess", "--reason", "r"], status: 67, fragment: "not closed"),
    ]

    @Test(arguments: unknownIncident + malformedValues + missingArguments + refusedByTheRules, BreachCLI.Backend.allCases)
    func isRefused(_ call: BadCall, backend: BreachCLI.Backend) throws {
        let cli = try Self.given(backend)
        try cli.expectRefusal(call.status, call.arguments, now: call.now, environment: call.environment, mentioning: call.fragment)
    }

    @Test(arguments: BreachCLI.Backend.allCases)
    func aValidBreachNowSetsTheEffectiveTime(backend: BreachCLI.Backend) throws {
        let cli = try Self.given(backend)
        let output = try cli.run("note", "INC-1", "from the environment", now: nil, environment: ["BREACH_NOW": "2026-11-28T13:00:00Z"])
        #expect(output.status == 0)
        let entries = try #require(try cli.succeed("timeline", "INC-1", "--json").json() as? [[String: Any]])
        #expect(entries.last?["at"] as? String == "2026-11-28T13:00:00Z")
    }
}

import Foundation
import Testing

/// Values from a fixed set — stages, severities, report and webhook formats — are parsed by
/// ArgumentParser as typed arguments: `--help` lists them, the shells complete them, the SPEC's
/// aliases still work, and an unknown value is one `breach: ` line naming the accepted ones (exit 64).
@Suite struct TypedArgumentTests {
    let cli: BreachCLI
    init() throws { cli = try BreachCLI() }

    /// An enumerated option, the values its help must list, and a call with a value it must refuse.
    struct Enumerated: Sendable, CustomTestStringConvertible {
        let command: [String]
        let values: String
        let refused: [String]
        let message: String
        var testDescription: String { command.joined(separator: " ") }
    }

    static let options = [
        Enumerated(command: ["detect"], values: "(values: low, medium, high, critical)",
                   refused: ["detect", "t", "--kind", "data-breach", "--severity", "urgent"],
                   message: "breach: unknown severity 'urgent'; use one of low, medium, high, critical"),
        Enumerated(command: ["advance"], values: "(values: detect, assess, diagnose, stabilize, closed)",
                   refused: ["advance", "INC-1", "--to", "recovered"],
                   message: "breach: unknown stage 'recovered' for --to; stages are detect, assess, diagnose, stabilize (alias recover), closed (alias close)"),
        Enumerated(command: ["reopen"], values: "(values: detect, assess, diagnose, stabilize, closed)",
                   refused: ["reopen", "INC-1", "--to", "triage", "--reason", "r"],
                   message: "breach: unknown stage 'triage' for --to; stages are detect, assess, diagnose, stabilize (alias recover), closed (alias close)"),
        Enumerated(command: ["list"], values: "(values: detect, assess, diagnose, stabilize, closed)",
                   refused: ["list", "--stage", "open"],
                   message: "breach: unknown stage 'open' for --stage; stages are detect, assess, diagnose, stabilize (alias recover), closed (alias close)"),
        Enumerated(command: ["report", "sla"], values: "(values: csv, json, table, html)",
                   refused: ["report", "sla", "--format", "pdf"], message: "breach: unknown --format 'pdf'; use csv, json, table, html"),
        Enumerated(command: ["report", "notifications"], values: "(values: csv, json)",
                   refused: ["report", "notifications", "--format", "table"], message: "breach: unknown --format 'table'; use csv, json"),
        Enumerated(command: ["report", "summary"], values: "(values: table, json)",
                   refused: ["report", "summary", "--format", "csv"], message: "breach: unknown --format 'csv'; use table, json"),
        Enumerated(command: ["export"], values: "(values: md; default: md)",
                   refused: ["export", "INC-1", "--format", "html"], message: "breach: unknown --format 'html'; use md"),
        Enumerated(command: ["contact", "add"], values: "(values: generic, slack, standard, teams; default: generic)",
                   refused: ["contact", "add", "hook", "--name", "Hook", "--role", "customer-admin",
                             "--webhook", "https://hooks.example.org/x", "--webhook-format", "discord"],
                   message: "breach: --webhook-format 'discord' is not generic, standard, slack or teams"),
    ]

    @Test(arguments: options)
    func helpListsTheValues(_ option: Enumerated) throws {
        // Wide enough that ArgumentParser does not wrap the list.
        let output = try cli.run(option.command + ["--help"], now: nil, environment: ["COLUMNS": "400"])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains(option.values), "\(output.stdout)")
    }

    @Test(arguments: options)
    func anUnknownValueIsOneUsageLineNamingTheAcceptedOnes(_ option: Enumerated) throws {
        try cli.detect()
        let output = try cli.expectRefusal(64, option.refused)
        #expect(output.stderr == option.message + "\n", "\(output)")
    }

    @Test func theSpecAliasesAndAnyCaseAreAccepted() throws {
        let id = try cli.detect(severity: "CRITICAL")
        #expect(try cli.succeed("show", id, "--json").object()["severity"] as? String == "critical")
        try cli.succeed("advance", id, "--to", "Recover", "--force", "--reason", "contained")
        #expect(try cli.succeed("show", id, "--json").object()["stage"] as? String == "stabilize")
        try cli.succeed("close", id, "--resolution", "done")
        let closed = try #require(try cli.succeed("list", "--stage", "close", "--json").json() as? [[String: Any]])
        #expect(closed.map { $0["id"] as? String } == [id])
        try cli.succeed("reopen", id, "--to", "RECOVER", "--reason", "again")
        #expect(try cli.succeed("show", id, "--json").object()["stage"] as? String == "stabilize")
        #expect(try cli.succeed("report", "summary", "--format", "JSON").json() is [String: Any])
    }

    /// Every format each report command accepts is written (each maps onto a report writer's format).
    @Test(arguments: [
        ["report", "sla", "--format", "csv"], ["report", "sla", "--format", "json"], ["report", "sla", "--format", "table"],
        ["report", "sla", "--format", "html"], ["report", "notifications", "--format", "csv"],
        ["report", "notifications", "--format", "json"], ["report", "summary", "--format", "table"],
        ["report", "summary", "--format", "json"], ["export", "INC-1", "--format", "md"],
    ])
    func everyAcceptedFormatIsWritten(_ arguments: [String]) throws {
        try cli.detect()
        let output = try cli.succeed(arguments)
        #expect(!output.stdout.isEmpty)
        if arguments.last == "json" { #expect(try output.json() is [Any] || output.json() is [String: Any]) }
    }

    /// The real thing: bash sources the generated script and completes the values of typed options.
    @Test func bashCompletesTheValues() throws {
        let offered = try cli.bashCompletions([
            ["breach", "detect", "t", "--severity", ""], ["breach", "list", "--stage", ""],
            ["breach", "report", "summary", "--format", ""], ["breach", "contact", "add", "c", "--webhook-format", ""],
        ])
        #expect(offered == [["low", "medium", "high", "critical"], ["detect", "assess", "diagnose", "stabilize", "closed"],
                            ["table", "json"], ["generic", "slack", "standard", "teams"]])
    }
}

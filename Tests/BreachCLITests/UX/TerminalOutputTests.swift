import Foundation
import Testing

/// Terminal output: aligned tables, colour only on a terminal without NO_COLOR, times in UTC unless
/// `--local` (which never touches JSON).
@Suite struct TerminalOutputTests {
    let cli: BreachCLI
    init() throws { cli = try BreachCLI() }

    static let escape = "\u{1B}["

    /// Two incidents: INC-1 declared with deadlines 72 h out (one soon overdue), INC-2 only detected.
    func givenIncidents() throws {
        let id = try cli.detect("Leaked S3 bucket")
        try cli.succeed("declare", id, "--aware-at", "2026-11-28T08:00:00Z")
        try cli.detect("Phished admin", severity: "critical")
        try cli.succeed("contact", "add", "cnil", "--name", "CNIL", "--role", "authority", "--email", "dpo@cnil.example")
    }

    static let humanCommands: [[String]] = [
        ["list"], ["show", "INC-1"], ["timeline", "INC-1"], ["contact", "list"], ["report", "sla", "--format", "table"],
        ["report", "summary"], ["assign", "INC-2", "alice"], ["declare", "INC-2"],
    ]

    @Test func pipedOutputHasNoEscapeCodes() throws {
        try givenIncidents()
        for command in Self.humanCommands {
            let output = try cli.run(command, environment: ["TERM": "xterm-256color"])
            #expect(output.status == 0, "\(command): \(output)")
            #expect(!output.stdout.contains(Self.escape) && !output.stderr.contains(Self.escape), "\(command): \(output)")
        }
        let overview = try cli.run([], now: nil, environment: ["TERM": "xterm-256color"])
        #expect(overview.status == 0 && !overview.stdout.contains(Self.escape), "\(overview)")
    }

    @Test func terminalShowsColour() throws {
        try givenIncidents()
        let list = try cli.runOnTerminal(["list"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("\(Self.escape)33mdetect\(Self.escape)0m"), "stage in colour: \(list.stdout)")
        let late = try cli.runOnTerminal(["show", "INC-1"], now: "2026-12-02T09:00:00Z")
        #expect(late.stdout.contains("\(Self.escape)1;31moverdue by 1d 0h\(Self.escape)0m"), "overdue in red: \(late.stdout)")
        #expect(late.stdout.contains("\(Self.escape)1;31mOVERDUE"), "\(late.stdout)")
        let soon = try cli.runOnTerminal(["list"], now: "2026-12-01T04:00:00Z")
        #expect(soon.stdout.contains("\(Self.escape)33mdue in 5h 0m\(Self.escape)0m"), "due within a day in yellow: \(soon.stdout)")
    }

    @Test func noColorTurnsColourOffOnATerminal() throws {
        try givenIncidents()
        for command in Self.humanCommands.prefix(6) {
            let output = try cli.runOnTerminal(command, environment: ["NO_COLOR": "1"])
            #expect(output.status == 0, "\(command): \(output)")
            #expect(!output.stdout.contains(Self.escape), "\(command): \(output.stdout)")
        }
        let overview = try cli.runOnTerminal([], now: nil, environment: ["NO_COLOR": "1"])
        #expect(overview.status == 0 && !overview.stdout.contains(Self.escape), "\(overview)")
        #expect(try cli.runOnTerminal([], now: nil).stdout.contains(Self.escape), "the overview is coloured on a terminal")
        let dumb = try cli.runOnTerminal(["list"], environment: ["TERM": "dumb"])
        #expect(!dumb.stdout.contains(Self.escape), "\(dumb.stdout)")
    }

    /// Colour codes take no room: columns line up the same with and without them.
    @Test func tablesStayAlignedInColour() throws {
        try givenIncidents()
        let plain = try cli.run("list").stdout
        let coloured = try cli.runOnTerminal(["list"]).stdout.replacingOccurrences(of: "\r\n", with: "\n")
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain, "\(stripped)\nvs\n\(plain)")
        let lines = plain.split(separator: "\n")
        let column = try #require(lines.first?.range(of: "SEVERITY")).lowerBound.utf16Offset(in: lines[0])
        for line in lines.dropFirst() {
            let cell = line.dropFirst(column)
            #expect(cell.hasPrefix("high") || cell.hasPrefix("critical"), "misaligned: \(line)")
        }
    }

    @Test func localShowsTheLocalZoneButJSONStaysUTC() throws {
        try givenIncidents()
        let zone = ["TZ": "Asia/Kolkata"]
        let utc = try cli.run(["show", "INC-1"], environment: zone).stdout
        let local = try cli.run(["show", "INC-1", "--local"], environment: zone).stdout
        #expect(utc.contains("detected:  2026-11-28T09:00:00Z"), "\(utc)")
        #expect(local.contains("detected:  2026-11-28T14:30:00+05:30"), "\(local)")
        #expect(local.contains("aware:     2026-11-28T13:30:00+05:30"), "\(local)")
        let timeline = try cli.run(["timeline", "INC-1", "--local"], environment: zone).stdout
        #expect(timeline.hasPrefix("2026-11-28T14:30:00+05:30  tester  detected"), "\(timeline)")
        let table = try cli.run(["report", "sla", "--format", "table", "--local"], environment: zone).stdout
        #expect(table.contains("2026-11-28T14:30:00+05:30"), "\(table)")

        for command in [["show", "INC-1", "--json"], ["list", "--json"], ["timeline", "INC-1", "--json"], ["report", "sla", "--json"]] {
            let plain = try cli.run(command, environment: zone).stdout
            #expect(try cli.run(command + ["--local"], environment: zone).stdout == plain, "\(command)")
            #expect(!plain.contains("+05:30"), "\(command)")
        }
        let csv = try cli.run(["report", "sla", "--local"], environment: zone).stdout
        #expect(csv == (try cli.run(["report", "sla"], environment: zone).stdout))
    }

    @Test func progressLineNeverReachesAPipe() throws {
        try givenIncidents()
        let rebuild = try cli.succeed("rebuild")
        #expect(rebuild.stdout.hasPrefix("rebuilt read models from "), "\(rebuild)")
        let csv = cli.directory.path("contacts.csv")
        try "id,name,role,tags,email,webhook_url,webhook_secret,webhook_format\nacme,Acme admin,customer-admin,customer:acme,it@acme.example,,,\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try cli.succeed("contact", "import", csv)
        #expect(imported.stdout == "imported 1 contacts\n")
    }
}

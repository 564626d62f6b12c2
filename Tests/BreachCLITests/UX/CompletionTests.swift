import Foundation
import Testing

/// Shell completion: scripts for bash, zsh and fish from argument-parser, and the call-backs that
/// complete incident, contact, obligation and playbook ids from the database and the Playbooks folder.
@Suite struct CompletionTests {
    let cli: BreachCLI
    init() throws { cli = try BreachCLI() }

    @Test(arguments: [("bash", "complete -o filenames -F _breach breach"), ("zsh", "#compdef breach"), ("fish", "complete -c 'breach'")])
    func scriptIsGenerated(_ shell: String, _ marker: String) throws {
        let output = try cli.run(["--generate-completion-script", shell], now: nil)
        #expect(output.status == 0, "\(output)")
        #expect(output.stderr.isEmpty)
        #expect(output.stdout.contains(marker), "\(shell): \(output.stdout.prefix(400))")
        // Ids are not baked into the script: it calls back into breach when TAB is pressed.
        #expect(output.stdout.contains("---completion"), "\(shell)")
        for command in ["declare", "advance", "report", "contact", "init"] {
            #expect(output.stdout.contains(command), "\(shell) script lacks \(command)")
        }
    }

    @Test func unknownShellIsAUsageError() throws {
        let output = try cli.run(["--generate-completion-script", "powershell"], now: nil)
        #expect(output.status == 64, "\(output)")
    }

    /// The call-back the scripts make: `breach ---completion <command> -- <argument> <word index> <cursor> <words…>`.
    func complete(_ command: [String], _ argument: String, words: [String], environment: [String: String] = [:]) throws -> [String] {
        let output = try cli.run(["---completion"] + command + ["--", argument, String(words.count - 1), "0"] + words,
                                 now: nil, environment: environment)
        #expect(output.status == 0, "\(output)")
        return output.stdout.split(separator: "\n").map(String.init)
    }

    @Test func incidentIDsComeFromTheDatabase() throws {
        try cli.detect("one")
        try cli.detect("two")
        #expect(try complete(["show"], "positional@0", words: ["breach", "show", ""]) == ["INC-2", "INC-1"])
        #expect(try complete(["report", "notifications"], "--incident", words: ["breach", "report", "notifications", "--incident", ""])
            == ["INC-2", "INC-1"])
    }

    @Test func databaseNamedOnTheCommandLineWinsAndIsOnlyRead() throws {
        try cli.detect("in the default database")
        let other = cli.directory.path("other.db")
        #expect(try cli.run(["detect", "elsewhere", "--kind", "data-breach", "--severity", "low", "--db", other]).status == 0)
        #expect(try cli.run(["detect", "elsewhere too", "--kind", "data-breach", "--severity", "low", "--db", other]).status == 0)
        let before = try cli.fingerprint()
        #expect(try complete(["declare"], "positional@0", words: ["breach", "declare", "--db", other, ""]) == ["INC-2", "INC-1"])
        #expect(try cli.fingerprint() == before)
    }

    @Test func noDatabaseOffersNothingAndCreatesNothing() throws {
        #expect(try complete(["show"], "positional@0", words: ["breach", "show", ""]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath), "completion must never create a database")
        let notADatabase = cli.directory.path("notes.txt")
        try "hello".write(toFile: notADatabase, atomically: true, encoding: .utf8)
        #expect(try complete(["show"], "positional@0", words: ["breach", "show", "--db", notADatabase, ""]).isEmpty)
    }

    @Test func playbookIDsComeFromThePlaybooksFolder() throws {
        let ids = try complete(["detect"], "--kind", words: ["breach", "detect", "x", "--kind", ""])
        #expect(ids.contains("data-breach") && ids.contains("gdpr-personal-data"), "\(ids)")
        #expect(ids == ids.sorted())
        let folder = cli.directory.path("books")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "".write(toFile: folder + "/only-this.yml", atomically: true, encoding: .utf8)
        #expect(try complete(["playbook", "show"], "positional@0", words: ["breach", "playbook", "show", ""],
                             environment: ["BREACH_PLAYBOOKS": folder]) == ["only-this"])
    }

    @Test func obligationAndContactIDsForTheIncidentBeingTyped() throws {
        let id = try cli.detect()
        try cli.succeed("declare", id)
        try cli.succeed("contact", "add", "cnil", "--name", "CNIL", "--role", "authority", "--email", "dpo@cnil.example")
        let obligations = try complete(["waive"], "positional@1", words: ["breach", "waive", id, ""])
        #expect(obligations.sorted() == ["customer-admins", "data-protection-authorities", "data-subjects"], "\(obligations)")
        #expect(try complete(["contact", "show"], "positional@0", words: ["breach", "contact", "show", ""]) == ["cnil"])
    }

    /// The real thing: bash sources the generated script and completes `breach show <TAB>`.
    @Test func bashCompletesIncidentIDs() throws {
        try cli.detect("one")
        try cli.detect("two")
        let offered = try cli.bashCompletions([["breach", "show", ""], ["breach", "advance", "INC-1", "--to", ""]])
        #expect(offered == [["INC-1", "INC-2"], ["assess", "diagnose", "stabilize"]])
    }
}

import BreachTestSupport
import Foundation
import Testing

/// `breach contact …` and `breach affect` end to end: the registry is events, imports are all-or-nothing.
@Suite struct ContactRegistryTests {
    let cli: BreachCLI

    init() throws { cli = try BreachCLI() }

    func writeCSV(_ text: String) throws -> String {
        let path = cli.directory.path("contacts.csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let goodCSV = """
        id,name,role,tags,email,webhook_url,webhook_secret,webhook_format
        acme-admin,"Acme Corp, IT",customer-admin,customer:acme;jurisdiction:fr,it@acme.example,,,
        acme-soc,Acme SOC,customer-admin,customer:acme,,https://soc.acme.example/hook,env:ACME_SECRET,slack
        cnil,CNIL,authority,jurisdiction:fr,notifications@cnil.example,,,

        """

    @Test func addListShowAndRemoveAreEventsInTheLog() throws {
        try cli.succeed("contact", "add", "cnil", "--name", "CNIL", "--role", "authority", "--tag", "jurisdiction:fr",
                        "--email", "notifications@cnil.example")
        let listed = try cli.succeed("contact", "list", "--json").json() as? [[String: Any]]
        #expect(listed?.map { $0["id"] as? String } == ["cnil"])
        let shown = try cli.succeed("contact", "show", "cnil", "--json").object()
        #expect(shown["role"] as? String == "authority")
        #expect(shown["tags"] as? [String] == ["jurisdiction:fr"])
        try cli.succeed("contact", "remove", "cnil", "--reason", "moved to the registry of record")
        #expect(try cli.run("contact", "show", "cnil").status == 66)
        let types = try cli.sqlite("SELECT type FROM events WHERE stream = 'contact:cnil' ORDER BY version").stdout
        #expect(types == "contact.added\ncontact.removed\n")
        #expect(try cli.run("verify").status == 0)
    }

    @Test func importAddsEveryRowAndKeepsSecretsAsReferences() throws {
        let output = try cli.succeed("contact", "import", try writeCSV(Self.goodCSV))
        #expect(output.stdout == "imported 3 contacts\n")
        let soc = try cli.succeed("contact", "show", "acme-soc", "--json").object()
        #expect(soc["webhook_secret"] as? String == "env:ACME_SECRET")
        #expect(soc["webhook_format"] as? String == "slack")
        #expect((try cli.succeed("contact", "show", "acme-admin", "--json").object())["name"] as? String == "Acme Corp, IT")
    }

    @Test(arguments: [
        ("acme,Acme,customer-admin,,not-an-address,,,", "row 2 (id 'acme')", "invalid email address"),
        ("acme,Acme,customer-admin,,,gopher://acme.example/x,,", "row 2 (id 'acme')", "scheme 'gopher' is not allowed"),
        ("acme,Acme,customer-admin,,,http://acme.example/x,,", "row 2 (id 'acme')", "https"),
        ("acme,Acme,customer-admin,,,https://acme.example/x,s3cr3t,", "row 2 (id 'acme')", "env:VARIABLE or file:/absolute/path"),
        ("acme,Acme,customer-admin,,,https://acme.example/x,,discord", "row 2, field webhook_format", "is not generic, standard, slack or teams"),
        ("acme,,customer-admin,,a@acme.example,,,", "row 2 (id 'acme')", "contact name must not be empty"),
        ("acme,Acme,customer-admin,,,,,", "row 2 (id 'acme')", "has no channel"),
    ])
    func aBadRowImportsNothingAndNamesTheRowAndField(row: String, location: String, problem: String) throws {
        // Given a database, and a CSV with a bad first row and a valid second one
        try cli.detect()
        let csv = "id,name,role,tags,email,webhook_url,webhook_secret,webhook_format\n" + row + "\n"
            + "cnil,CNIL,authority,,notifications@cnil.example,,,\n"
        let before = try cli.succeed("verify", "--json").stdout
        let output = try cli.run("contact", "import", try writeCSV(csv))
        #expect(output.status == 65)
        #expect(output.stderrLines.count == 1)
        #expect(output.stderr.contains(location), "\(output)")
        #expect(output.stderr.contains(problem), "\(output)")
        // Then not even the good rows were imported
        #expect(try cli.succeed("verify", "--json").stdout == before)
        #expect(try cli.run("contact", "show", "cnil").status == 66)
    }

    @Test func anUnknownColumnOrADuplicateIdIsRefusedWhole() throws {
        let unknown = try cli.run("contact", "import", try writeCSV("id,name,role,phone\nx,X,authority,123\n"))
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("unknown column 'phone'"))
        let duplicate = try cli.run("contact", "import", try writeCSV(Self.goodCSV + "cnil,CNIL again,authority,,b@cnil.example,,,\n"))
        // A repeated id is a bad row of the file (65, docs/exit-codes.md), named by row like any other.
        #expect(duplicate.status == 65)
        #expect(duplicate.stderr.contains("(id 'cnil'): the id is already used on row"), "\(duplicate)")
        #expect(try cli.run("contact", "list").stdout.isEmpty)
    }

    @Test func affectLinksContactsByIdOrTagAndRefusesUnknownOnes() throws {
        try cli.succeed("contact", "import", try writeCSV(Self.goodCSV))
        try cli.detect()
        let byTag = try cli.succeed("affect", "INC-1", "--tag", "customer:acme", "--json").object()
        #expect(byTag["affected_contacts"] as? [String] == ["acme-admin", "acme-soc"])
        let unknown = try cli.run("affect", "INC-1", "--contact", "nobody")
        #expect(unknown.status == 66)
        #expect(unknown.stderr == "breach: no contact nobody; add it with `breach contact add` or see `breach contact list`\n")
        #expect(try cli.run("affect", "INC-1", "--tag", "customer:nobody").status == 66)
        #expect(try cli.run("affect", "INC-1", "--tag", "customer:acme").status == 67)
    }
}

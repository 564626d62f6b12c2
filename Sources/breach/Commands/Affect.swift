import ArgumentParser
import BreachKit

struct Affect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "affect",
        abstract: "Link affected contacts (customers, authorities, subjects) to an incident.",
        discussion: HelpText.discussion("""
            Obligations addressed to the affected audience notify these contacts.
            """, examples: ["breach affect INC-4 --tag customer:acme", "breach affect INC-4 --contact cnil --contact acme-admin"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(name: .customLong("contact"), help: "Contact id (repeatable).", completion: Completions.contact) var contacts: [String] = []
    @Option(help: "Every contact with this tag.") var tag: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let id = try IncidentID.parse(id)
        let incident = try context.service(creating: false).affect(id, contactIDs: contacts, tag: tag)
        if global.json { Printer.json(IncidentDocument.json(incident, now: context.clock.now())) }
        else { print("\(incident.id): affected contacts \(incident.affectedContacts.joined(separator: ", "))") }
    }
}

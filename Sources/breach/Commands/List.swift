import ArgumentParser
import BreachKit

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List incidents as a table, with the time left until each one's next deadline.",
        discussion: HelpText.discussion(examples: ["breach list --open --declared", "breach list --overdue --json"])
    )
    @Option(help: ArgumentHelp("Only incidents in this stage.", valueName: "stage")) var stage: Stage?
    @Flag(help: "Only incidents that are not closed.") var open = false
    @Flag(help: "Only declared incidents.") var declared = false
    @Flag(help: "Only incidents with an obligation past its due time.") var overdue = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let filter = IncidentFilter(stage: stage, openOnly: open,
                                    declaredOnly: declared, overdueOnly: overdue)
        let service = try context.service(creating: false)
        if global.json {
            Printer.json(.array(try service.listDocuments(filter)))
            return
        }
        let now = context.clock.now()
        let terminal = context.terminal
        let rows = try service.list(filter).map { incident -> [String] in
            let deadline = incident.outstandingObligations > 0
                ? incident.nextDeadlineAt.flatMap(RFC3339.parse).map { terminal.countdown(seconds: $0.timeIntervalSince(now)) } ?? ""
                : ""
            return [incident.id, terminal.stage(incident.stage), incident.severity, incident.kind, incident.declaredAt == nil ? "no" : "yes",
                    deadline, incident.title]
        }
        if rows.isEmpty {
            StandardError.write("no incidents match")
            return
        }
        print(TextTable.render(header: ["ID", "STAGE", "SEVERITY", "KIND", "DECLARED", "DEADLINE", "TITLE"], rows: rows))
    }
}

import ArgumentParser
import BreachKit

struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Show everything that happened to an incident, in order.",
        discussion: HelpText.discussion("One line per event: effective time, actor, what happened.",
                                        examples: ["breach timeline INC-4", "breach timeline INC-4 --local"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let id = try IncidentID.parse(id)
        let rows = try context.service(creating: false).timeline(id)
        if global.json {
            Printer.json(.array(rows.map {
                .object([("sequence", .int($0.sequence)), ("at", .string($0.at)), ("type", .string($0.type)),
                         ("actor", .string($0.actor)), ("summary", .string($0.summary))])
            }))
        } else {
            let times = context.times
            print(rows.map { "\(times.string(stored: $0.at))  \($0.actor)  \($0.summary)" }.joined(separator: "\n"))
        }
    }
}

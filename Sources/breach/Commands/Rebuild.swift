import ArgumentParser
import BreachKit

struct Rebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Recreate every read model from the event log.",
        discussion: HelpText.discussion("""
            Safe at any time: the log is the only source of truth. Shows progress
            on a terminal for big logs.
            """, examples: ["breach rebuild", "breach rebuild && breach verify"])
    )
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let service = try context.service(creating: false)
        let stats = try ProgressLine.run("rebuilding read models") { progress in
            try service.rebuild { events in progress.update("\(events) events") }
        }
        if global.json {
            Printer.json(.object([("events", .int(Int64(stats.events))), ("incidents", .int(Int64(stats.incidents)))]))
        } else {
            print("rebuilt read models from \(stats.events) events (\(stats.incidents) incidents)")
        }
    }
}

import ArgumentParser
import BreachKit

struct Determine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "determine",
        abstract: "Record a materiality determination (the anchor of SEC-style obligations).",
        discussion: HelpText.discussion("""
            Starts the clocks anchored at the determination (e.g. the SEC 8-K's four
            business days). Once only.
            """, examples: ["breach determine INC-4 --at 2026-11-30T15:00:00Z"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: ArgumentHelp("When it was determined (default: now).", valueName: "time")) var at: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in .determine(at: try at.map { try ArgumentValues.time($0, flag: "--at") }) }) {
            "\($0.id): materiality determined at \(global.times.string($0.determinedAt!))"
        }
    }
}

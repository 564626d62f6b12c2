import ArgumentParser
import BreachKit
import Foundation

/// `breach export ID --format md`: the post-incident report as Markdown.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a post-incident report (Markdown) tied to the audit log by event hashes.",
        discussion: HelpText.discussion("""
            Summary, stage timeline with durations, declaration and awareness, each
            obligation with its notifications and receipts, waivers with rationale,
            notes, and the hashes of the incident's last event and of the log head.
            """, examples: ["breach export INC-4 --output INC-4.md"], exitStatuses: [
                (ExitStatus.refused, "the --output file exists (add --force to overwrite it)"),
            ])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(help: ArgumentHelp("Markdown, the only format today.", valueName: "format")) var format: ExportFormat = .md
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let id = try IncidentID.parse(id)
        let report = try context.service(creating: false).postIncidentReport(id)
        try output.write { try $0.write(report.markdown()) }
    }
}

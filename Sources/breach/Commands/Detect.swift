import ArgumentParser
import BreachKit

struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Open an incident in stage detect and print its id.",
        discussion: HelpText.discussion("""
            --kind names the playbook whose checklists and obligations apply
            (`breach playbook list`). Ids are INC-1, INC-2, … in order.
            """, examples: [
                "breach detect \"Leaked S3 bucket\" --kind data-breach --severity high",
                "breach detect \"Phished admin\" --kind data-breach --severity critical \\\n      --summary \"MFA bypassed on the VPN\"",
            ])
    )

    @Argument(help: "A short title.") var title: String
    @Option(help: ArgumentHelp("The playbook id (see `breach playbook list`).", valueName: "playbook"),
            completion: Completions.playbook) var kind: String
    @Option(help: ArgumentHelp("How bad it is, as judged now.", valueName: "severity")) var severity: Severity
    @Option(help: "A longer description.") var summary: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let kind = try TextRules.line(kind, field: "--kind", maxLength: TextRules.maxNameLength)
        let incident = try context.service().detect(title: title, kind: kind, severity: severity, summary: summary)
        if global.json {
            Printer.json(IncidentDocument.json(incident, now: context.clock.now()))
        } else {
            print(incident.id)
        }
    }
}

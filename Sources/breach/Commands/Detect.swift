import ArgumentParser
import BreachKit

struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Open an incident in stage detect and print its id.",
        discussion: "Example: breach detect \"Leaked S3 bucket\" --kind data-breach --severity high --summary \"public ACL on backups\""
    )

    @Argument(help: "A short title.") var title: String
    @Option(help: ArgumentHelp("The playbook id (see `breach playbook list`).", valueName: "playbook")) var kind: String
    @Option(help: ArgumentHelp("low, medium, high or critical.", valueName: "severity")) var severity: String
    @Option(help: "A longer description.") var summary: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let severity = try ArgumentValues.severity(severity)
        let kind = try TextRules.line(kind, field: "--kind", maxLength: TextRules.maxNameLength)
        let incident = try context.service().detect(title: title, kind: kind, severity: severity, summary: summary)
        if global.json {
            Printer.json(IncidentDocument.json(incident, now: context.clock.now()))
        } else {
            print(incident.id)
        }
    }
}

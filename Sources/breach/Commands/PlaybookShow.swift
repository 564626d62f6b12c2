import ArgumentParser
import BreachKit
import Foundation

extension PlaybookCommand {
    struct ShowPlaybook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a playbook's checklists and obligations.",
            discussion: HelpText.discussion(examples: ["breach playbook show data-breach", "breach playbook show data-breach --json"])
        )
        @Argument(help: "Playbook id.", completion: Completions.playbook) var id: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let catalog = try CommandContext(global).playbooks()
            guard let playbook = catalog.playbook(id: id) else {
                throw BreachError.notFound("unknown playbook '\(TextRules.printable(id))'; known playbooks: \(catalog.ids.joined(separator: ", "))")
            }
            if global.json { Printer.json(PlaybookCommand.document(playbook)); return }
            var lines = ["\(playbook.id) — \(playbook.title)", "", playbook.description.trimmingCharacters(in: .whitespacesAndNewlines), ""]
            for stage in Stage.allCases where !playbook.checklist(for: stage).isEmpty {
                lines.append("\(stage.rawValue):")
                for item in playbook.checklist(for: stage) { lines.append("  [\(item.required ? "required" : "optional")] \(item.id): \(item.text)") }
            }
            if !playbook.obligations.isEmpty { lines.append("obligations (created by declare):") }
            for rule in playbook.obligations {
                lines.append("  \(rule.id): \(rule.title) — \(rule.duration) after \(rule.anchor.text), to \(ObligationSnapshot.audienceText(rule.audience)) by \(rule.channels.map(\.rawValue).joined(separator: "/"))")
            }
            print(lines.joined(separator: "\n"))
        }
    }
}

import ArgumentParser
import BreachKit

struct PlaybookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "Playbooks: stage checklists and the obligations a declaration creates.",
        discussion: HelpText.discussion("""
            Playbooks are YAML files, one per incident kind (docs/playbooks.md).
            Found in breach.yml's playbooks:, else $BREACH_PLAYBOOKS, else the
            installed share/breach/Playbooks, else ./Playbooks.
            """, examples: ["breach playbook list", "breach playbook show data-breach"]),
        subcommands: [ListPlaybooks.self, ShowPlaybook.self, Validate.self]
    )

    static func document(_ playbook: Playbook) -> JSONValue {
        let checklists: [JSONValue] = Stage.allCases.compactMap { stage in
            let items = playbook.checklist(for: stage)
            guard !items.isEmpty else { return nil }
            return .object([("stage", .string(stage.rawValue)), ("items", .array(items.map {
                .object([("id", .string($0.id)), ("text", .string($0.text)), ("required", .bool($0.required))])
            }))])
        }
        let obligations: [JSONValue] = playbook.obligations.map { rule in
            .object([("id", .string(rule.id)), ("title", .string(rule.title)),
                     ("audience", .string(ObligationSnapshot.audienceText(rule.audience))),
                     ("channels", .array(rule.channels.map { .string($0.rawValue) })), ("anchor", .string(rule.anchor.text)),
                     ("duration", .string("\(rule.duration)")),
                     ("escalation_thresholds_hours", .array(rule.escalationThresholds.map { .double(Double($0) / 3600) }))])
        }
        return .object([("id", .string(playbook.id)), ("title", .string(playbook.title)), ("description", .string(playbook.description)),
                        ("checklists", .array(checklists)), ("obligations", .array(obligations))])
    }
}

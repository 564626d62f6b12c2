import Foundation
import Yams

/// Reading the `checklists:` section: stages, items, and item ids unique across the playbook.
extension PlaybookParser {
    /// Each stage's items; aliases such as `recover` are folded into their stage.
    func parseChecklists(_ entry: Entry) -> [Stage: [ChecklistItem]] {
        guard !isNull(entry.value) else { return [:] }
        guard let stages = mappingEntries(entry.value, what: "checklists",
                                          example: "checklists:\n  detect:\n    - id: triage\n      text: …") else { return [:] }
        var result: [Stage: [ChecklistItem]] = [:]
        var stageKeys: [Stage: String] = [:]
        var itemLines: [String: Int] = [:]
        for stageEntry in stages {
            let (line, column) = position(stageEntry.keyNode)
            guard let stage = Stage(parsing: stageEntry.key) else {
                fail(.unknownStage, line: line, column: column,
                     "unknown stage '\(stageEntry.key)' in checklists; stages with checklists are detect, assess, diagnose, stabilize (alias recover)")
                continue
            }
            guard stage != .closed else {
                fail(.unknownStage, line: line, column: column,
                     "'\(stageEntry.key)' cannot have a checklist: nothing advances out of closed; put the items under stabilize")
                continue
            }
            if let earlier = stageKeys[stage] {
                fail(.duplicateID, line: line, column: column,
                     "the \(stage.rawValue) checklist is given twice ('\(earlier)' and '\(stageEntry.key)'; recover is an alias of stabilize); merge them")
                continue
            }
            stageKeys[stage] = stageEntry.key
            guard !isNull(stageEntry.value) else { result[stage] = []; continue }
            guard let nodes = sequence(stageEntry.value, what: "the \(stage.rawValue) checklist",
                                       example: "- id: triage\n  text: Triage the alert\n  required: true") else { continue }
            var items: [ChecklistItem] = []
            for node in nodes {
                if let item = parseItem(node, stage: stage, seen: &itemLines) { items.append(item) }
            }
            result[stage] = items
        }
        return result
    }

    /// One item; `seen` maps item ids to their line, across all stages.
    func parseItem(_ node: Node, stage: Stage, seen: inout [String: Int]) -> ChecklistItem? {
        guard let fields = entries(of: node, what: describe(node, as: "checklist item", otherwise: "a \(stage.rawValue) checklist item"),
                                   allowed: Self.itemKeys,
                                   required: ["id", "text"]) else { return nil }
        let id = identifier(fields["id"], what: "checklist item id")
        let text = text(fields["text"], what: "checklist item text")
        let required = fields["required"].flatMap { bool($0) } ?? false
        if let id, let entry = fields["id"] {
            let (line, column) = position(entry.value)
            if let earlier = seen[id] {
                fail(.duplicateID, line: line, column: column,
                     "checklist item id '\(id)' is already used on line \(earlier); item ids must be unique in the playbook because check-item names them alone")
                return nil
            }
            seen[id] = line
        }
        guard let id, let text else { return nil }
        return ChecklistItem(id: id, text: text, required: required)
    }
}

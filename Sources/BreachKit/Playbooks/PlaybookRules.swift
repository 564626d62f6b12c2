import BreachDomain
import Foundation

/// A playbook seen through the two questions `decide` asks: stage checklists and declaration obligations.
public struct PlaybookRules: StageRules, DeclarationRules {
    public let playbook: Playbook

    public init(_ playbook: Playbook) { self.playbook = playbook }

    public func checklistItems(of stage: Stage) -> [String] { playbook.checklist(for: stage).map(\.id) }

    public func requiredItems(of stage: Stage) -> [String] { playbook.checklist(for: stage).filter(\.required).map(\.id) }

    public func obligationSnapshots(declaredAt: Date, awareAt: Date, determinedAt: Date?) -> [ObligationSnapshot] {
        let times = IncidentTimes(declaredAt: declaredAt, awareAt: awareAt, determinedAt: determinedAt)
        return playbook.obligations.map { rule in
            ObligationSnapshot(rule, dueAt: rule.dueDate(times: times, holidays: playbook.holidaySet), holidays: playbook.holidays)
        }
    }
}

/// Supplies incident rules from the playbook catalog (the `Playbooks/` folder or the configured one).
public struct CatalogRulesProvider: IncidentRulesProvider {
    public let catalog: PlaybookCatalog

    public init(catalog: PlaybookCatalog) { self.catalog = catalog }

    public func validateKind(_ kind: String) throws {
        guard catalog.playbook(id: kind) != nil else {
            let known = catalog.ids.joined(separator: ", ")
            throw BreachError.notFound("unknown playbook '\(TextRules.printable(kind))' for --kind; known playbooks: \(known.isEmpty ? "none (check the playbooks folder)" : known)")
        }
    }

    public func rules(forKind kind: String) throws -> IncidentRules? {
        guard let playbook = catalog.playbook(id: kind) else { return nil }
        let rules = PlaybookRules(playbook)
        return IncidentRules(stages: rules, declaration: rules)
    }
}

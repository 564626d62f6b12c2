import BreachDomain
import Foundation

/// A playbook seen through the two questions `decide` asks: stage checklists and declaration obligations.
public struct PlaybookRules: StageRules, DeclarationRules {
    public let playbook: Playbook
    /// The calendars the obligations name, by id (copied into each snapshot).
    public let calendars: [String: BusinessCalendar]

    public init(_ playbook: Playbook, calendars: [String: BusinessCalendar] = [:]) {
        self.playbook = playbook
        self.calendars = calendars
    }

    public var milestoneNames: [String] { playbook.milestones }

    public var factKeys: [String] { playbook.facts.map(\.key) }

    public var factTypes: [String: FactType] { Dictionary(playbook.facts.map { ($0.key, $0.type) }, uniquingKeysWith: { first, _ in first }) }

    public func checklistItems(of stage: Stage) -> [String] { playbook.checklist(for: stage).map(\.id) }

    public func requiredItems(of stage: Stage) -> [String] { playbook.checklist(for: stage).filter(\.required).map(\.id) }

    public func obligationSnapshots(declaredAt: Date, awareAt: Date, determinedAt: Date?) -> [ObligationSnapshot] {
        let times = IncidentTimes(declaredAt: declaredAt, awareAt: awareAt, determinedAt: determinedAt)
        return (try? obligationSnapshots(times: times, regime: nil)) ?? []
    }

    /// One snapshot per obligation, each carrying the calendar it counts in; under a regime, ids and
    /// `fulfilled:` anchors get the `<regime>/` prefix. A due time that would need a year a calendar does
    /// not cover refuses the whole declaration (exit 65), naming the calendar file to extend.
    public func obligationSnapshots(times: IncidentTimes, regime: String?) throws(BreachError) -> [ObligationSnapshot] {
        var snapshots: [ObligationSnapshot] = []
        for original in playbook.obligations {
            var rule = original
            if let regime {
                rule.id = "\(regime)/\(original.id)"
                rule.anchor = original.anchor.renamingObligations { "\(regime)/\($0)" }
            }
            let calendar = rule.calendar.flatMap { calendars[$0] }
            if let name = rule.calendar, calendar == nil {
                throw BreachError(.invalidFile, "playbook \(playbook.id) names calendar \(name), which the calendars folder does not hold; run `breach playbook validate`")
            }
            let due: Date?
            do {
                due = try rule.dueDate(times: times, calendar: calendar, legacyHolidays: calendar == nil ? playbook.holidaySet : [])
            } catch {
                throw BreachError(.invalidFile, "obligation \(rule.id): \(error.description); nothing was recorded")
            }
            snapshots.append(ObligationSnapshot(rule, dueAt: due, holidays: calendar == nil ? playbook.holidays : [],
                                                calendar: calendar, regime: regime))
        }
        return snapshots
    }
}

/// Supplies incident rules from the playbook catalog (the `Playbooks/` folder or the configured one).
public struct CatalogRulesProvider: IncidentRulesProvider, RegimeCatalog {
    public let catalog: PlaybookCatalog

    public func declarationRules(forRegime id: String) -> (any DeclarationRules)? {
        catalog.playbook(id: id).map { PlaybookRules($0, calendars: catalog.calendars) }
    }

    public var regimeIDs: [String] { catalog.ids }

    public func regimeCatalog() throws -> (any RegimeCatalog)? { self }

    public init(catalog: PlaybookCatalog) { self.catalog = catalog }

    public func validateKind(_ kind: String) throws {
        guard catalog.playbook(id: kind) != nil else {
            let known = catalog.ids.joined(separator: ", ")
            throw BreachError.notFound("unknown playbook '\(TextRules.printable(kind))' for --kind; known playbooks: \(known.isEmpty ? "none (check the playbooks folder)" : known)")
        }
    }

    public func rules(forKind kind: String) throws -> IncidentRules? {
        guard let playbook = catalog.playbook(id: kind) else { return nil }
        let rules = PlaybookRules(playbook, calendars: catalog.calendars)
        return IncidentRules(stages: rules, declaration: rules)
    }
}

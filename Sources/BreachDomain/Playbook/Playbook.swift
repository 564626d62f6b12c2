import Foundation

/// The rules for one kind of incident: what to do in each stage, and whom to notify by when once it
/// is declared.
public struct Playbook: Sendable, Equatable {
    /// Also the incident kind (`detect --kind`) and the file name (`<id>.yml`).
    public var id: String
    public var title: String
    /// What the playbook is for and which regime it follows.
    public var description: String
    /// Each stage's checklist, in the order the playbook lists the items.
    public var checklists: [Stage: [ChecklistItem]]
    /// Notification duties created on declaration, in playbook order.
    public var obligations: [ObligationRule]
    /// Dates `YYYY-MM-DD` that do not count as business days (UTC); superseded by `calendar`, kept so
    /// that playbooks written before calendars still load.
    public var holidays: [String]
    /// The calendar (`calendars/<id>.yml`) the obligations count in unless they name their own.
    public var calendar: String?
    /// Milestones `breach mark` records for this kind of incident, e.g. `ransom-paid`.
    public var milestones: [String]
    /// The incident facts the playbook's templates and `requires_facts` use.
    public var facts: [PlaybookFact]
    /// The law or rule the playbook follows (`regime:`), e.g. `UK GDPR (Data Protection Act 2018)`; nil
    /// for a process of breach's own (the seed's 72 h commitment). Every obligation of a regime playbook
    /// must cite its `source:`, and `playbook list --regimes` lists only these.
    public var regime: String?

    public init(
        id: String, title: String, description: String, checklists: [Stage: [ChecklistItem]] = [:],
        obligations: [ObligationRule] = [], holidays: [String] = [], calendar: String? = nil,
        milestones: [String] = [], facts: [PlaybookFact] = [], regime: String? = nil
    ) {
        self.regime = regime
        self.calendar = calendar
        self.milestones = milestones
        self.facts = facts
        self.id = id
        self.title = title
        self.description = description
        self.checklists = checklists
        self.obligations = obligations
        self.holidays = holidays
    }

    /// The checklist of `stage`, empty when the playbook has none.
    public func checklist(for stage: Stage) -> [ChecklistItem] {
        checklists[stage] ?? []
    }

    /// The required items of `stage` not yet in `checked`: what blocks `advance`.
    public func requiredOpenItems(stage: Stage, checked: Set<String>) -> [ChecklistItem] {
        checklist(for: stage).filter { $0.required && !checked.contains($0.id) }
    }

    /// The checklist item with `id` in any stage.
    public func item(id: String) -> ChecklistItem? {
        stage(ofItem: id).flatMap { stage in checklist(for: stage).first { $0.id == id } }
    }

    /// The stage whose checklist holds the item `id`.
    public func stage(ofItem id: String) -> Stage? {
        Stage.allCases.first { stage in checklist(for: stage).contains { $0.id == id } }
    }

    /// The obligation rule with `id`.
    public func obligation(id: String) -> ObligationRule? {
        obligations.first { $0.id == id }
    }

    /// The holidays as a set, as `DeadlineCalculator` takes them.
    public var holidaySet: Set<String> { Set(holidays) }

    /// The due time of `rule` for an incident with `times`, using this playbook's holidays.
    public func dueDate(of rule: ObligationRule, times: IncidentTimes) -> Date? {
        rule.dueDate(times: times, holidays: holidaySet)
    }
}

extension Playbook: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, title, description, checklists, obligations, holidays, calendar, milestones, facts, regime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        description = try container.decode(String.self, forKey: .description)
        let byName = try container.decodeIfPresent([String: [ChecklistItem]].self, forKey: .checklists) ?? [:]
        var checklists: [Stage: [ChecklistItem]] = [:]
        for (name, items) in byName {
            guard let stage = Stage(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .checklists, in: container, debugDescription: "unknown stage '\(name)'; expected \(Stage.acceptedNames)")
            }
            checklists[stage] = items
        }
        self.checklists = checklists
        obligations = try container.decodeIfPresent([ObligationRule].self, forKey: .obligations) ?? []
        holidays = try container.decodeIfPresent([String].self, forKey: .holidays) ?? []
        calendar = try container.decodeIfPresent(String.self, forKey: .calendar)
        milestones = try container.decodeIfPresent([String].self, forKey: .milestones) ?? []
        facts = try container.decodeIfPresent([PlaybookFact].self, forKey: .facts) ?? []
        regime = try container.decodeIfPresent(String.self, forKey: .regime)
    }

    /// Encodes checklists keyed by stage id (`"detect": [...]`), not as Swift's key/value array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        let byName = Dictionary(uniqueKeysWithValues: checklists.map { ($0.key.rawValue, $0.value) })
        try container.encode(byName, forKey: .checklists)
        try container.encode(obligations, forKey: .obligations)
        try container.encode(holidays, forKey: .holidays)
        try container.encodeIfPresent(calendar, forKey: .calendar)
        try container.encode(milestones, forKey: .milestones)
        try container.encode(facts, forKey: .facts)
        try container.encodeIfPresent(regime, forKey: .regime)
    }
}

/// An incident fact a playbook declares: its key (`nature_of_breach`) and what it means.
public struct PlaybookFact: Codable, Sendable, Equatable, Hashable {
    /// Lowercase letters, digits and `_`, optionally with one qualifier after a dot (`residents.CA`);
    /// templates see it as `{{fact_<key>}}`, the dot written `_` (`{{fact_residents_CA}}`).
    public var key: String
    public var title: String
    /// What values it takes; conditions (`applies_when:`) are type-checked against it.
    public var type: FactType

    public init(key: String, title: String, type: FactType = .text) {
        self.key = key
        self.title = title
        self.type = type
    }

    private enum CodingKeys: String, CodingKey { case key, title, type }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try container.decode(String.self, forKey: .key), title: try container.decode(String.self, forKey: .title),
                  type: try container.decodeIfPresent(FactType.self, forKey: .type) ?? .text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(title, forKey: .title)
        if type != .text { try container.encode(type, forKey: .type) }
    }

    /// Whether `text` is a well-formed fact key.
    public static func isValidKey(_ text: String) -> Bool {
        guard text.utf8.count <= 64 else { return false }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.first, let first = name.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
              name.utf8.allSatisfy({ ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") })
        else { return false }
        guard parts.count == 2 else { return true }
        let qualifier = parts[1]
        return !qualifier.isEmpty && qualifier.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
        }
    }

    /// The template variable that shows the fact: `fact_<key>` with the dot written `_`.
    public static func templateVariable(_ key: String) -> String { "fact_" + key.replacingOccurrences(of: ".", with: "_") }

    /// The rule in words, for error messages.
    public static let keyRule = "lowercase letters a-z, digits and '_', starting with a letter, optionally one qualifier after a dot (residents.CA), at most 64 characters"
}

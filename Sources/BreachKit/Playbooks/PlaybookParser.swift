import Foundation
import Yams

/// Reads one playbook's YAML into a `Playbook`, collecting every problem with its line and column.
///
/// Works on the composed node tree (`Yams.compose`) rather than `Decodable`, because only nodes carry
/// the marks that let each error name its line, and because decoding stops at the first problem.
final class PlaybookParser {
    /// The file name used in errors.
    let file: String
    /// Every problem found so far; written only through `fail`.
    var errors: [PlaybookError] = []
    /// The source split into lines, to place template errors inside block scalars.
    private(set) var lines: [Substring] = []
    /// Every `calendar:` value with its place, checked against the calendars folder by the loader.
    var calendarReferences: [CalendarReference] = []
    /// The playbook's default calendar, known before its obligations are read.
    var defaultCalendar: String?
    /// The declared milestones and fact keys, known before the obligations are read.
    var declaredMilestones: [String] = []
    var declaredFacts: [String] = []
    /// The declared facts' types, for type-checking `applies_when:` conditions.
    var factTypes: [String: FactType] = [:]
    /// Whether the playbook follows a law (`regime:`): then every obligation must cite its `source:`.
    var isRegime = false

    init(file: String) {
        self.file = file
    }

    /// A key/value pair of a mapping, with the key's text.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    // MARK: - The document

    static let topKeys = ["id", "title", "description", "checklists", "obligations", "holidays", "calendar", "milestones", "facts", "regime"]
    static let itemKeys = ["id", "text", "required"]
    static let obligationKeys = ["id", "title", "description", "audience", "channels", "anchor", "duration",
                                 "escalation_thresholds", "template", "calendar", "end_of_day", "met_when", "requires_facts", "earliest",
                                 "applies_when", "source", "verified"]
    static let audienceKeys = ["roles", "tags", "scope"]
    static let templateKeys = ["subject", "body"]

    /// Parses `yaml`; nil when there was any problem (then `errors` says what).
    func parse(yaml: String) -> Playbook? {
        defer { errors.sort { ($0.line, $0.column) < ($1.line, $1.column) } }
        guard let root = document(yaml, empty: "the file is empty; a playbook needs at least id, title and description") else { return nil }
        guard let top = entries(of: root, what: "the playbook", allowed: Self.topKeys,
                                required: ["id", "title", "description"]) else { return nil }

        let id = identifier(top["id"], what: "playbook id")
        let title = text(top["title"], what: "title")
        let description = text(top["description"], what: "description")
        let checklists = top["checklists"].map(parseChecklists) ?? [:]
        defaultCalendar = top["calendar"].flatMap { calendarReference($0) }
        if let calendarEntry = top["calendar"], let holidaysEntry = top["holidays"], !isNull(holidaysEntry.value) {
            let (line, column) = position(holidaysEntry.keyNode)
            fail(.invalidHoliday, line: line, column: column,
                 "holidays: and calendar: \(scalarText(calendarEntry.value) ?? "") both given; keep the holidays in the calendar file and remove this list")
        }
        declaredMilestones = top["milestones"].flatMap { parseMilestones($0) } ?? []
        let facts = top["facts"].flatMap { parseFacts($0) } ?? []
        declaredFacts = facts.map(\.key)
        factTypes = Dictionary(facts.map { ($0.key, $0.type) }, uniquingKeysWith: { first, _ in first })
        let regime = top["regime"].flatMap { text($0, what: "regime") }
        isRegime = top["regime"] != nil
        let obligations = top["obligations"].map(parseObligations) ?? []
        let holidays = top["holidays"].map(parseHolidays) ?? []

        guard errors.isEmpty, let id, let title, let description else { return nil }
        return Playbook(id: id, title: title, description: description, checklists: checklists,
                        obligations: obligations, holidays: holidays, calendar: defaultCalendar,
                        milestones: declaredMilestones, facts: facts, regime: regime)
    }

    /// The mark of the playbook's `id` value, for errors about the id found later (file name mismatch).
    static func idMark(in yaml: String) -> Mark? {
        guard let root = try? YAMLComposer.compose(yaml), case .mapping(let mapping) = root else { return nil }
        return mapping["id"]?.mark
    }
}

extension PlaybookParser {
    /// The root node of a playbook or calendar file, bounded (issue 18) before anything walks it; nil
    /// after a failure when the YAML cannot be read, is too complex, or is empty (`empty` says what it needs).
    func document(_ yaml: String, empty: String) -> Node? {
        // Every YAML line break counts, as in the parser's marks: "\r\n" is one Character, not a "\n".
        lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        // Bounded before composing: aliases can make a small file a huge tree, and composing alone can
        // expand it (YAMLBudget.problem(beforeComposing:)).
        if let problem = YAMLBudget.problem(beforeComposing: yaml) {
            fail(.tooComplex, line: problem.line, column: problem.column, problem.message)
            return nil
        }
        let root: Node?
        do {
            root = try YAMLComposer.compose(yaml)
        } catch let error as YamlError {
            report(yamlError: error, yaml: yaml)
            return nil
        } catch {
            fail(.malformedYAML, line: 0, column: 0, "the YAML could not be read: \(error)")
            return nil
        }
        // and again before any walk (long lists and mappings).
        if let problem = YAMLBudget.problem(yaml: yaml, root: root) {
            fail(.tooComplex, line: problem.line, column: problem.column, problem.message)
            return nil
        }
        guard let root, !isNull(root) else {
            fail(.missingKey, line: 1, column: 1, empty)
            return nil
        }
        return root
    }
}

import BreachDomain
import Foundation
import Yams

/// Reading the playbook fields of several regimes on one incident: `calendar`, `milestones`, `facts`,
/// and per obligation `end_of_day`, `met_when`, `requires_facts` and `earliest`.
extension PlaybookParser {
    static let factKeys = ["key", "title", "type"]
    static let earliestKeys = ["anchor", "duration"]

    /// A calendar id, remembered with its place for the loader to look up.
    func calendarReference(_ entry: Entry) -> String? {
        guard let id = identifier(entry, what: "calendar") else { return nil }
        let (line, column) = position(entry.value)
        calendarReferences.append(CalendarReference(id: id, line: line, column: column))
        return id
    }

    /// The milestone names, each a well-formed id listed once.
    func parseMilestones(_ entry: Entry) -> [String]? {
        guard !isNull(entry.value) else { return [] }
        guard let nodes = sequence(entry.value, what: "milestones", example: "milestones: [ransom-paid, classified-major]") else { return nil }
        var names: [String] = []
        for node in nodes {
            let (line, column) = position(node)
            guard let name = scalarText(node), PlaybookIdentifier.isValid(name) else {
                fail(.invalidID, line: line, column: column, "a milestone must be a name (\(PlaybookIdentifier.rule)), e.g. ransom-paid")
                continue
            }
            if names.contains(name) {
                fail(.duplicateID, line: line, column: column, "milestone \(name) is listed twice; list it once")
                continue
            }
            names.append(name)
        }
        return names
    }

    /// The fact declarations: `- key: nature_of_breach` with a `title:`.
    func parseFacts(_ entry: Entry) -> [PlaybookFact]? {
        guard !isNull(entry.value) else { return [] }
        guard let nodes = sequence(entry.value, what: "facts",
                                   example: "facts:\n  - key: nature_of_breach\n    title: Nature of the breach") else { return nil }
        var facts: [PlaybookFact] = []
        for node in nodes {
            guard let fields = entries(of: node, what: describe(node, as: "fact", otherwise: "a fact"), allowed: Self.factKeys,
                                       required: ["key", "title"]),
                  let keyEntry = fields["key"], let key = text(keyEntry, what: "fact key"),
                  let title = text(fields["title"], what: "fact title") else { continue }
            let (line, column) = position(keyEntry.value)
            guard PlaybookFact.isValidKey(key) else {
                fail(.invalidID, line: line, column: column, "fact key '\(key)' is not valid (\(PlaybookFact.keyRule)); e.g. '\(key.lowercased().replacingOccurrences(of: "-", with: "_"))'")
                continue
            }
            if facts.contains(where: { $0.key == key }) {
                fail(.duplicateID, line: line, column: column, "fact \(key) is declared twice; declare it once")
                continue
            }
            var type = FactType.text
            if let typeEntry = fields["type"] {
                guard let name = text(typeEntry, what: "fact type") else { continue }
                guard let known = FactType(rawValue: name) else {
                    let (line, column) = position(typeEntry.value)
                    fail(.wrongType, line: line, column: column, "fact type '\(name)' is not known; write text, number or boolean")
                    continue
                }
                type = known
            }
            facts.append(PlaybookFact(key: key, title: title, type: type))
        }
        return facts
    }

    /// `applies_when:` — a condition over declared facts (see `FactCondition`), refused when it does not
    /// parse, reads an undeclared fact, or could never be true (a number compared with text).
    func parseAppliesWhen(_ entry: Entry) -> FactCondition? {
        guard let source = text(entry, what: "applies_when") else { return nil }
        let (line, column) = position(entry.value)
        let condition: FactCondition
        do {
            condition = try FactCondition(parsing: source)
        } catch {
            // A plain one-line scalar: the offset maps onto the line; quoted or folded text keeps the value's start.
            let plain: Bool
            if case .scalar(let scalar) = entry.value, scalar.style == .plain, !source.contains("\n") { plain = true } else { plain = false }
            fail(.invalidCondition, line: line, column: plain ? column + error.offset : column, "applies_when: \(error.message)")
            return nil
        }
        let problems = condition.typeProblems(factTypes)
        for problem in problems {
            fail(problem.contains("does not declare") ? .unknownFact : .invalidCondition, line: line, column: column,
                 "applies_when '\(source)' can never be true: \(problem)")
        }
        return problems.isEmpty ? condition : nil
    }

    /// `verified:` — the date the source's text was checked, `YYYY-MM-DD`.
    func parseVerified(_ entry: Entry) -> String? {
        guard let value = text(entry, what: "verified") else { return nil }
        guard value.utf8.count == 10, RFC3339.parseDateOrTime(value) != nil else {
            let (line, column) = position(entry.value)
            fail(.wrongType, line: line, column: column, "verified '\(value)' is not a date; write the day the source was checked as YYYY-MM-DD")
            return nil
        }
        return value
    }

    /// `met_when: first | all`.
    func parseMetWhen(_ entry: Entry) -> ObligationRule.MetWhen? {
        guard let name = text(entry, what: "met_when") else { return nil }
        guard let value = ObligationRule.MetWhen(rawValue: name) else {
            let (line, column) = position(entry.value)
            fail(.wrongType, line: line, column: column,
                 "met_when '\(name)' is not known; write first (met at the first accepted delivery or filing) or all (when every recipient accepted)")
            return nil
        }
        return value
    }

    /// `requires_facts`: keys the playbook declares under `facts:`.
    func parseRequiredFacts(_ entry: Entry) -> [String]? {
        guard let keys = stringList(entry, what: "requires_facts") else { return nil }
        guard case .sequence(let sequence) = entry.value else { return keys }
        var ok = true
        for node in sequence {
            guard let key = scalarText(node), !declaredFacts.contains(key) else { continue }
            let (line, column) = position(node)
            let known = declaredFacts.isEmpty ? "the playbook declares none; add it under facts:" : "declared facts: \(declaredFacts.joined(separator: ", "))"
            fail(.unknownFact, line: line, column: column, "requires_facts names '\(key)', which is not declared; \(known)")
            ok = false
        }
        return ok ? keys : nil
    }

    /// `earliest:` — a list of at least two `{anchor, duration}` terms; due at the earliest of them.
    func parseEarliest(_ entry: Entry) -> [ObligationAnchor.EarliestTerm]? {
        guard let nodes = sequence(entry.value, what: "earliest",
                                   example: "earliest:\n  - anchor: milestone:classified-major\n    duration: 4h\n  - anchor: aware\n    duration: 24h")
        else { return nil }
        var terms: [ObligationAnchor.EarliestTerm] = []
        var ok = true
        for node in nodes {
            guard let fields = entries(of: node, what: "an earliest term", allowed: Self.earliestKeys, required: ["anchor", "duration"]),
                  let anchorEntry = fields["anchor"], let durationEntry = fields["duration"] else { ok = false; continue }
            let anchor = parseAnchor(anchorEntry)
            let duration = parseDuration(durationEntry)
            guard let anchor, let duration else { ok = false; continue }
            guard anchor.isSimple else {
                let (line, column) = position(anchorEntry.value)
                fail(.unknownAnchor, line: line, column: column, "an earliest term's anchor must be a single moment (declared, aware, determined, fulfilled:<id> or milestone:<name>)")
                ok = false
                continue
            }
            terms.append(.init(anchor: anchor, duration: duration))
        }
        if ok, terms.count < 2 {
            let (line, column) = position(entry.value)
            fail(.missingKey, line: line, column: column, "earliest needs at least two terms; with one, write anchor: and duration: instead")
            return nil
        }
        return ok ? terms : nil
    }

    /// A `milestone:` anchor must name a milestone listed under `milestones:`.
    func checkMilestones(of anchor: ObligationAnchor, node: Node) {
        for name in anchor.milestones where !declaredMilestones.contains(name) {
            let (line, column) = position(node)
            let known = declaredMilestones.isEmpty ? "the playbook lists none; add it under milestones:" : "milestones: \(declaredMilestones.joined(separator: ", "))"
            fail(.unknownMilestone, line: line, column: column, "anchor names milestone '\(name)', which the playbook does not list; \(known)")
        }
    }
}

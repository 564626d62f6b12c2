import Foundation
import Yams

/// Reads one playbook's YAML into a `Playbook`, collecting every problem with its line and column.
///
/// Works on the composed node tree (`Yams.compose`) rather than `Decodable`, because only nodes carry
/// the marks that let each error name its line, and because decoding stops at the first problem.
final class PlaybookParser {
    /// The file name used in errors.
    let file: String
    private(set) var errors: [PlaybookError] = []
    /// The source split into lines, to place template errors inside block scalars.
    private var lines: [Substring] = []

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

    static let topKeys = ["id", "title", "description", "checklists", "obligations", "holidays"]
    static let itemKeys = ["id", "text", "required"]
    static let obligationKeys = ["id", "title", "description", "audience", "channels", "anchor", "duration",
                                 "escalation_thresholds", "template"]
    static let audienceKeys = ["roles", "tags", "scope"]
    static let templateKeys = ["subject", "body"]

    /// Parses `yaml`; nil when there was any problem (then `errors` says what).
    func parse(yaml: String) -> Playbook? {
        defer { errors.sort { ($0.line, $0.column) < ($1.line, $1.column) } }
        lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            report(yamlError: error, yaml: yaml)
            return nil
        } catch {
            fail(.malformedYAML, line: 0, column: 0, "the YAML could not be read: \(error)")
            return nil
        }
        guard let root, !isNull(root) else {
            fail(.missingKey, line: 1, column: 1, "the file is empty; a playbook needs at least id, title and description")
            return nil
        }
        guard let top = entries(of: root, what: "the playbook", allowed: Self.topKeys,
                                required: ["id", "title", "description"]) else { return nil }

        let id = identifier(top["id"], what: "playbook id")
        let title = text(top["title"], what: "title")
        let description = text(top["description"], what: "description")
        let checklists = top["checklists"].map(parseChecklists) ?? [:]
        let obligations = top["obligations"].map(parseObligations) ?? []
        let holidays = top["holidays"].map(parseHolidays) ?? []

        guard errors.isEmpty, let id, let title, let description else { return nil }
        return Playbook(id: id, title: title, description: description, checklists: checklists,
                        obligations: obligations, holidays: holidays)
    }

    /// The mark of the playbook's `id` value, for errors about the id found later (file name mismatch).
    static func idMark(in yaml: String) -> Mark? {
        guard let root = try? Yams.compose(yaml: yaml), case .mapping(let mapping) = root else { return nil }
        return mapping["id"]?.mark
    }

    // MARK: - Checklists

    private func parseChecklists(_ entry: Entry) -> [Stage: [ChecklistItem]] {
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

    private func parseItem(_ node: Node, stage: Stage, seen: inout [String: Int]) -> ChecklistItem? {
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

    // MARK: - Obligations

    private func parseObligations(_ entry: Entry) -> [ObligationRule] {
        guard !isNull(entry.value) else { return [] }
        guard let nodes = sequence(entry.value, what: "obligations",
                                   example: "obligations:\n  - id: authority\n    title: …") else { return [] }
        var rules: [ObligationRule] = []
        var idLines: [String: Int] = [:]
        var anchorNodes: [String: Node] = [:]
        var pendingFulfilled: [(id: String, target: String, node: Node)] = []
        var allParsed = true
        for node in nodes {
            guard let fields = entries(of: node, what: describe(node, as: "obligation", otherwise: "an obligation"),
                                       allowed: Self.obligationKeys,
                                       required: ["id", "title", "audience", "channels", "anchor", "duration", "template"])
            else { allParsed = false; continue }
            let id = identifier(fields["id"], what: "obligation id")
            if let id, let entry = fields["id"] {
                let (line, column) = position(entry.value)
                if let earlier = idLines[id] {
                    fail(.duplicateID, line: line, column: column,
                         "obligation id '\(id)' is already used on line \(earlier); give each obligation its own id")
                } else {
                    idLines[id] = line
                }
            }
            let title = text(fields["title"], what: "obligation title")
            let description = fields["description"].flatMap { optionalText($0) }
            let audience = fields["audience"].flatMap(parseAudience)
            let channels = fields["channels"].flatMap(parseChannels)
            let anchor = fields["anchor"].flatMap(parseAnchor)
            let duration = fields["duration"].flatMap(parseDuration)
            let thresholds = fields["escalation_thresholds"].flatMap { parseThresholds($0, duration: duration) } ?? []
            let template = fields["template"].flatMap(parseTemplate)
            if let id, let anchorEntry = fields["anchor"] {
                anchorNodes[id] = anchorEntry.value
                if case .fulfilled(let target)? = anchor { pendingFulfilled.append((id, target, anchorEntry.value)) }
            }
            guard let id, let title, let audience, let channels, let anchor, let duration, let template else {
                allParsed = false
                continue
            }
            rules.append(ObligationRule(id: id, title: title, audience: audience, channels: channels, anchor: anchor,
                                        duration: duration, escalationThresholds: thresholds, template: template,
                                        description: description))
        }
        checkFulfilledAnchors(pendingFulfilled, known: Set(idLines.keys), anchors: anchorNodes, complete: allParsed)
        return rules
    }

    /// `fulfilled:` anchors must name an obligation of this playbook and must not wait on each other in a
    /// circle (a cycle's obligations could never get a due time).
    private func checkFulfilledAnchors(
        _ pending: [(id: String, target: String, node: Node)], known: Set<String>, anchors: [String: Node], complete: Bool
    ) {
        var edges: [String: String] = [:]
        for (id, target, node) in pending {
            let (line, column) = position(node)
            if target == id {
                fail(.anchorCycle, line: line, column: column,
                     "obligation '\(id)' is anchored on its own fulfilment, so it could never start; anchor it on declared, aware, determined or another obligation")
            } else if !known.contains(target) {
                // Only certain when every obligation's id was read; otherwise the target may be the broken one.
                if complete || !PlaybookIdentifier.isValid(target) {
                    let known = known.sorted().joined(separator: ", ")
                    fail(.unknownObligation, line: line, column: column,
                         "anchor 'fulfilled:\(target)' names no obligation of this playbook; obligations are: \(known)")
                }
            } else {
                edges[id] = target
            }
        }
        var reported: Set<String> = []
        for (id, _, _) in pending {
            var path: [String] = [id]
            var current = id
            while let next = edges[current] {
                if let start = path.firstIndex(of: next) {
                    let cycle = Array(path[start...])
                    if reported.isDisjoint(with: cycle) {
                        reported.formUnion(cycle)
                        // Report at the cycle member written first in the file.
                        let first = cycle.min { position(anchors[$0]!).0 < position(anchors[$1]!).0 }!
                        let rotated = Array(cycle[cycle.firstIndex(of: first)!...] + cycle[..<cycle.firstIndex(of: first)!])
                        let (line, column) = position(anchors[first]!)
                        fail(.anchorCycle, line: line, column: column,
                             "fulfilled: anchors form a cycle (\((rotated + [first]).joined(separator: " → "))), so none of these obligations could ever start; anchor one of them on declared, aware or determined")
                    }
                    break
                }
                path.append(next)
                current = next
            }
        }
    }

    private func parseAudience(_ entry: Entry) -> AudienceSelector? {
        guard let fields = entries(of: entry.value, what: "the audience", allowed: Self.audienceKeys, required: []) else { return nil }
        let roles = fields["roles"].flatMap { stringList($0, what: "roles") } ?? []
        let tags = fields["tags"].flatMap { stringList($0, what: "tags") } ?? []
        var scope = AudienceScope.affected
        if let scopeEntry = fields["scope"] {
            guard let name = text(scopeEntry, what: "scope") else { return nil }
            guard let parsed = AudienceScope(rawValue: name) else {
                let (line, column) = position(scopeEntry.value)
                fail(.unknownScope, line: line, column: column,
                     "unknown audience scope '\(name)'; write affected (contacts linked with breach affect) or registry (any contact in the registry)")
                return nil
            }
            scope = parsed
        }
        let selector = AudienceSelector(roles: roles, tags: tags, scope: scope)
        if selector.isEmpty, fields["roles"].map({ stringList($0, what: "roles", report: false) != nil }) ?? true,
           fields["tags"].map({ stringList($0, what: "tags", report: false) != nil }) ?? true {
            let (line, column) = position(entry.keyNode)
            fail(.emptyAudience, line: line, column: column,
                 "the audience names no role and no tag, so it would match every contact; add e.g. roles: [authority]")
            return nil
        }
        return selector
    }

    private func parseChannels(_ entry: Entry) -> [NotificationChannel]? {
        guard let nodes = sequence(entry.value, what: "channels", example: "channels: [email, webhook]") else { return nil }
        guard !nodes.isEmpty else {
            let (line, column) = position(entry.value)
            fail(.missingKey, line: line, column: column, "channels is empty; list at least one of email, webhook")
            return nil
        }
        var channels: [NotificationChannel] = []
        var ok = true
        for node in nodes {
            let (line, column) = position(node)
            guard let name = scalarText(node) else {
                fail(.wrongType, line: line, column: column, "a channel must be a name: email or webhook")
                ok = false
                continue
            }
            guard let channel = NotificationChannel(rawValue: name) else {
                let hint = KeySuggestion.closest(to: name, in: NotificationChannel.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
                fail(.unknownChannel, line: line, column: column, "unknown channel '\(name)'\(hint); channels are email and webhook")
                ok = false
                continue
            }
            if channels.contains(channel) {
                fail(.duplicateID, line: line, column: column, "channel '\(name)' is listed twice; list it once")
                ok = false
                continue
            }
            channels.append(channel)
        }
        return ok ? channels : nil
    }

    private func parseAnchor(_ entry: Entry) -> ObligationAnchor? {
        guard let name = text(entry, what: "anchor") else { return nil }
        guard let anchor = ObligationAnchor(parsing: name) else {
            let (line, column) = position(entry.value)
            fail(.unknownAnchor, line: line, column: column,
                 "unknown anchor '\(name)'; write declared, aware, determined or fulfilled:<obligation id>")
            return nil
        }
        if case .fulfilled(let target) = anchor, !PlaybookIdentifier.isValid(target) {
            let (line, column) = position(entry.value)
            fail(.unknownAnchor, line: line, column: column,
                 "'\(name)' does not name an obligation id (\(PlaybookIdentifier.rule)); write fulfilled:<obligation id>")
            return nil
        }
        return anchor
    }

    private func parseDuration(_ entry: Entry) -> ObligationDuration? {
        let (line, column) = position(entry.value)
        guard let raw = scalarText(entry.value) else {
            fail(.invalidDuration, line: line, column: column, "duration must be text such as 72h, 60d, 1mo or 4bd")
            return nil
        }
        do {
            return try ObligationDuration(parsing: raw)
        } catch {
            fail(.invalidDuration, line: line, column: column, "duration \(error.message)")
            return nil
        }
    }

    private func parseThresholds(_ entry: Entry, duration: ObligationDuration?) -> [Int]? {
        guard !isNull(entry.value) else { return [] }
        guard let nodes = sequence(entry.value, what: "escalation_thresholds",
                                   example: "escalation_thresholds: [48h, 24h, 6h, 1h]") else { return nil }
        var seconds: [Int] = []
        for node in nodes {
            let (line, column) = position(node)
            guard let raw = scalarText(node) else {
                fail(.invalidThreshold, line: line, column: column, "a threshold must be text such as 48h")
                continue
            }
            let value: Int
            do {
                value = try EscalationThreshold.seconds(parsing: raw)
            } catch {
                fail(.invalidThreshold, line: line, column: column, error.message)
                continue
            }
            if seconds.contains(value) {
                fail(.invalidThreshold, line: line, column: column, "threshold '\(raw)' is listed twice; list it once")
                continue
            }
            if let duration, value >= duration.minimumSeconds {
                fail(.invalidThreshold, line: line, column: column,
                     "threshold '\(raw)' is not shorter than the duration \(duration.text), so it would fire as soon as the obligation exists; use a smaller threshold")
                continue
            }
            seconds.append(value)
        }
        return seconds.sorted(by: >)
    }

    private func parseTemplate(_ entry: Entry) -> MessageTemplate? {
        guard let fields = entries(of: entry.value, what: "the template", allowed: Self.templateKeys,
                                   required: ["subject", "body"]) else { return nil }
        guard let subjectEntry = fields["subject"], let bodyEntry = fields["body"],
              let rawSubject = text(subjectEntry, what: "template subject", verbatim: true),
              let body = text(bodyEntry, what: "template body", verbatim: true) else { return nil }
        var subject = rawSubject
        while subject.hasSuffix("\n") { subject.removeLast() }
        var ok = true
        if subject.contains(where: \.isNewline) {
            let (line, column) = position(subjectEntry.value)
            fail(.templateSyntax, line: line, column: column,
                 "the subject spans several lines; a subject is one line, write it on one line")
            ok = false
        }
        ok = checkTemplate(subject, node: subjectEntry.value, what: "subject") && ok
        ok = checkTemplate(body, node: bodyEntry.value, what: "body") && ok
        return ok ? MessageTemplate(subject: subject, body: body) : nil
    }

    /// Reports the template's problems at their place in the YAML file: for block scalars (`|`, `>`)
    /// the template's first line is the line after the indicator; for inline scalars it is the key's line.
    private func checkTemplate(_ source: String, node: Node, what: String) -> Bool {
        let problems = TemplateChecker.problems(in: source)
        guard !problems.isEmpty else { return true }
        let (line, column) = position(node)
        let isBlock: Bool
        if case .scalar(let scalar) = node { isBlock = scalar.style == .literal || scalar.style == .folded } else { isBlock = false }
        let quoted: Int
        if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted { quoted = 1 } else { quoted = 0 }
        for problem in problems {
            let fileLine = isBlock ? line + problem.line : line + problem.line - 1
            let fileColumn: Int
            if isBlock {
                // Block content starts at its indentation, which the parsed text no longer shows.
                let source = fileLine - 1 < lines.count ? lines[fileLine - 1] : ""
                fileColumn = source.prefix { $0 == " " }.count + problem.column
            } else {
                fileColumn = problem.line == 1 ? column + quoted + problem.column - 1 : 0
            }
            fail(.templateSyntax, line: fileLine, column: fileColumn, "template \(what): \(problem.message)")
        }
        return false
    }

    // MARK: - Holidays

    private func parseHolidays(_ entry: Entry) -> [String] {
        guard !isNull(entry.value) else { return [] }
        guard let nodes = sequence(entry.value, what: "holidays", example: "holidays:\n  - 2026-12-25") else { return [] }
        var dates: [String] = []
        for node in nodes {
            let (line, column) = position(node)
            guard let raw = scalarText(node) else {
                fail(.invalidHoliday, line: line, column: column, "a holiday must be a date written YYYY-MM-DD, e.g. 2026-12-25")
                continue
            }
            guard raw.utf8.count == 10, RFC3339.parseDateOrTime(raw) != nil else {
                fail(.invalidHoliday, line: line, column: column,
                     "'\(raw)' is not a calendar date; write holidays as YYYY-MM-DD, e.g. 2026-12-25")
                continue
            }
            if dates.contains(raw) {
                fail(.invalidHoliday, line: line, column: column, "holiday \(raw) is listed twice; list it once")
                continue
            }
            dates.append(raw)
        }
        return dates
    }

    // MARK: - Node helpers

    /// The entries of a mapping, checked against the allowed and required keys; nil when `node` is not a mapping.
    private func entries(of node: Node, what: String, allowed: [String], required: [String]) -> [String: Entry]? {
        guard let list = mappingEntries(node, what: what, example: nil) else { return nil }
        var result: [String: Entry] = [:]
        var suggested: Set<String> = []
        for entry in list {
            guard allowed.contains(entry.key) else {
                let (line, column) = position(entry.keyNode)
                let guess = KeySuggestion.closest(to: entry.key, in: allowed)
                if let guess { suggested.insert(guess) }
                let hint = guess.map { "did you mean '\($0)'? " } ?? ""
                fail(.unknownKey, line: line, column: column,
                     "unknown key '\(entry.key)' in \(what); \(hint)allowed keys are \(allowed.joined(separator: ", "))")
                continue
            }
            result[entry.key] = entry
        }
        // A misspelt required key is reported once, as the unknown key, not again as missing.
        for key in required where !suggested.contains(key) {
            if result[key] == nil {
                let (line, column) = position(node)
                fail(.missingKey, line: line, column: column, "\(what) is missing '\(key)'; add \(key): …")
            }
        }
        return result
    }

    /// The pairs of a mapping node with string keys; reports and returns nil for any other node.
    private func mappingEntries(_ node: Node, what: String, example: String?) -> [Entry]? {
        guard case .mapping(let mapping) = node else {
            let (line, column) = position(node)
            let shown = example.map { ", e.g.\n\($0)" } ?? ""
            fail(.wrongType, line: line, column: column, "\(what) must be a mapping of key: value lines\(shown)")
            return nil
        }
        var list: [Entry] = []
        for (key, value) in mapping {
            guard let name = scalarText(key) else {
                let (line, column) = position(key)
                fail(.wrongType, line: line, column: column, "keys in \(what) must be plain names")
                continue
            }
            list.append(Entry(key: name, keyNode: key, value: value))
        }
        return list
    }

    private func sequence(_ node: Node, what: String, example: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            let (line, column) = position(node)
            fail(.wrongType, line: line, column: column, "\(what) must be a list, e.g.\n\(example)")
            return nil
        }
        return Array(sequence)
    }

    /// A required, non-empty text value, trimmed (the newline a `>` block leaves at the end, say)
    /// unless `verbatim`, as template sources must be.
    private func text(_ entry: Entry?, what: String, verbatim: Bool = false) -> String? {
        guard let entry else { return nil }
        let (line, column) = position(entry.value)
        guard case .scalar = entry.value, !isNull(entry.value) else {
            if isNull(entry.value) {
                fail(.missingKey, line: line, column: column, "\(what) is empty; give it a value")
            } else {
                fail(.wrongType, line: line, column: column, "\(what) must be text, not a list or mapping")
            }
            return nil
        }
        let value = scalarText(entry.value) ?? ""
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            fail(.missingKey, line: line, column: column, "\(what) is empty; give it a value")
            return nil
        }
        return verbatim ? value : value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An optional text value; nil (without error) when absent or null.
    private func optionalText(_ entry: Entry) -> String? {
        if isNull(entry.value) { return nil }
        return text(entry, what: entry.key)
    }

    private func identifier(_ entry: Entry?, what: String) -> String? {
        guard let entry, let value = text(entry, what: what) else { return nil }
        guard PlaybookIdentifier.isValid(value) else {
            let (line, column) = position(entry.value)
            let suggestion = value.lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 }
            fail(.invalidID, line: line, column: column,
                 "\(what) '\(value)' is not valid (\(PlaybookIdentifier.rule)); e.g. '\(String(suggestion))'")
            return nil
        }
        return value
    }

    private func bool(_ entry: Entry) -> Bool? {
        guard case .scalar(let scalar) = entry.value, scalar.style == .plain,
              let value = Bool.construct(from: scalar) else {
            let (line, column) = position(entry.value)
            fail(.wrongType, line: line, column: column, "\(entry.key) must be true or false")
            return nil
        }
        return value
    }

    private func stringList(_ entry: Entry, what: String, report: Bool = true) -> [String]? {
        if isNull(entry.value) { return [] }
        guard case .sequence(let sequence) = entry.value else {
            if report {
                let (line, column) = position(entry.value)
                fail(.wrongType, line: line, column: column, "\(what) must be a list, e.g. \(what): [\(scalarText(entry.value) ?? "…")]")
            }
            return nil
        }
        var values: [String] = []
        for node in sequence {
            guard let value = scalarText(node), !value.isEmpty else {
                if report {
                    let (line, column) = position(node)
                    fail(.wrongType, line: line, column: column, "each of \(what) must be a non-empty name")
                }
                return nil
            }
            if !values.contains(value) { values.append(value) }
        }
        return values
    }

    /// "obligation 'authority'" when the mapping has a readable id, else `otherwise`.
    private func describe(_ node: Node, as kind: String, otherwise: String) -> String {
        guard case .mapping(let mapping) = node, let id = mapping["id"].flatMap(scalarText), !id.isEmpty else { return otherwise }
        return "\(kind) '\(id)'"
    }

    private func scalarText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    private func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return node.null != nil
    }

    private func position(_ node: Node) -> (Int, Int) {
        guard let mark = node.mark else { return (0, 0) }
        return (mark.line, mark.column)
    }

    // MARK: - Reporting

    private func fail(_ code: PlaybookError.Code, line: Int, column: Int, _ message: String) {
        errors.append(PlaybookError(code: code, file: file, line: line, column: column, message: message))
    }

    private func report(yamlError error: YamlError, yaml: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let where_ = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            fail(.malformedYAML, line: mark.line, column: mark.column,
                 "malformed YAML: \(problem)\(where_); check the indentation and quoting around here (indent with spaces, not tabs)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let first = context.mark
            let repeated = duplicates.first.flatMap { Self.repetition(of: $0, after: first, in: lines) }
            fail(.malformedYAML, line: repeated?.line ?? first.line, column: repeated?.column ?? first.column,
                 "key \(keys) appears more than once in the same mapping (first on line \(first.line)); keep one")
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { Self.lineAndColumn(of: $0, in: yaml) } ?? (0, 0)
            fail(.unreadable, line: line, column: column, "the file is not valid UTF-8 text: \(problem)")
        default:
            fail(.malformedYAML, line: 0, column: 0, "malformed YAML: \(error)")
        }
    }

    /// Where a block-mapping key written first at `first` is written again: the next line at the same
    /// indentation that starts with `key:`. Yams only reports the first occurrence.
    private static func repetition(of key: String, after first: Mark, in lines: [Substring]) -> (line: Int, column: Int)? {
        let indent = String(repeating: " ", count: first.column - 1)
        for index in first.line..<lines.count {
            let line = lines[index]
            if line.hasPrefix(indent + key + ":"), line.dropFirst(indent.count).first != " " {
                return (index + 1, first.column)
            }
        }
        return nil
    }

    private static func lineAndColumn(of offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

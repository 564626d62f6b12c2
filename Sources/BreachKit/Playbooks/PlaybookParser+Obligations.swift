import Foundation
import Yams

/// Reading the `obligations:` section: audience, channels, anchors (with the `fulfilled:` graph), durations, thresholds and templates.
extension PlaybookParser {
    /// Every obligation, then the checks that need all of them (`fulfilled:` targets and cycles).
    func parseObligations(_ entry: Entry) -> [ObligationRule] {
        guard !isNull(entry.value) else { return [] }
        guard let nodes = sequence(entry.value, what: "obligations",
                                   example: "obligations:\n  - id: authority\n    title: …") else { return [] }
        var rules: [ObligationRule] = []
        var idLines: [String: Int] = [:]
        var anchorNodes: [String: Node] = [:]
        var pendingFulfilled: [(id: String, target: String, node: Node)] = []
        var allParsed = true
        for node in nodes {
            let hasEarliest: Bool
            if case .mapping(let mapping) = node, mapping["earliest"] != nil { hasEarliest = true } else { hasEarliest = false }
            guard let fields = entries(of: node, what: describe(node, as: "obligation", otherwise: "an obligation"),
                                       allowed: Self.obligationKeys,
                                       required: ["id", "title", "audience", "channels"] + (hasEarliest ? [] : ["anchor", "duration"]) + ["template"])
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
            var anchor: ObligationAnchor?
            var duration: ObligationDuration?
            var anchorNode: Node?
            if let earliestEntry = fields["earliest"] {
                for key in ["anchor", "duration"] {
                    if let extra = fields[key] {
                        let (line, column) = position(extra.keyNode)
                        fail(.unknownKey, line: line, column: column, "\(key) and earliest both given; an earliest obligation takes each term's anchor and duration, remove \(key)")
                    }
                }
                if let terms = parseEarliest(earliestEntry) {
                    anchor = .earliest(terms)
                    // The shortest term bounds the escalation thresholds.
                    duration = terms.map(\.duration).min { $0.minimumSeconds < $1.minimumSeconds }
                }
                anchorNode = earliestEntry.value
            } else {
                anchor = fields["anchor"].flatMap(parseAnchor)
                duration = fields["duration"].flatMap(parseDuration)
                anchorNode = fields["anchor"]?.value
            }
            if let anchor, let anchorNode { checkMilestones(of: anchor, node: anchorNode) }
            let thresholds = fields["escalation_thresholds"].flatMap { parseThresholds($0, duration: duration) } ?? []
            let template = fields["template"].flatMap(parseTemplate)
            let calendar = fields["calendar"].flatMap { calendarReference($0) } ?? defaultCalendar
            let endOfDay = fields["end_of_day"].flatMap(bool) ?? false
            if endOfDay, calendar == nil, let entry = fields["end_of_day"] {
                let (line, column) = position(entry.value)
                fail(.unknownCalendar, line: line, column: column,
                     "end_of_day needs a calendar to say whose day it is; add calendar: <id> to the obligation or the playbook")
            }
            let metWhen = fields["met_when"].flatMap(parseMetWhen) ?? .all
            let requiresFacts = fields["requires_facts"].flatMap(parseRequiredFacts) ?? []
            let appliesWhen = fields["applies_when"].flatMap(parseAppliesWhen)
            let conditionFailed = fields["applies_when"] != nil && appliesWhen == nil
            let source = fields["source"].flatMap { text($0, what: "source") }
            let verified = fields["verified"].flatMap(parseVerified)
            if isRegime, fields["source"] == nil, let idEntry = fields["id"] {
                let (line, column) = position(idEntry.keyNode)
                fail(.missingSource, line: line, column: column,
                     "obligation '\(id ?? "?")' has no source:; a regime playbook cites the statute or rule and section of every obligation, e.g. source: \"45 CFR 164.406\"")
            }
            if let id, let anchorNode, let anchor {
                anchorNodes[id] = anchorNode
                for target in anchor.fulfilledIDs { pendingFulfilled.append((id, target, anchorNode)) }
            }
            guard let id, let title, let audience, let channels, let anchor, let duration, let template, !conditionFailed else {
                allParsed = false
                continue
            }
            rules.append(ObligationRule(id: id, title: title, audience: audience, channels: channels, anchor: anchor,
                                        duration: duration, escalationThresholds: thresholds, template: template,
                                        description: description, calendar: calendar, endOfDay: endOfDay,
                                        metWhen: metWhen, requiresFacts: requiresFacts, appliesWhen: appliesWhen,
                                        source: source, verified: verified))
        }
        checkFulfilledAnchors(pendingFulfilled, known: Set(idLines.keys), anchors: anchorNodes, complete: allParsed)
        return rules
    }

    /// `fulfilled:` anchors must name an obligation of this playbook and must not wait on each other in a
    /// circle (a cycle's obligations could never get a due time).
    func checkFulfilledAnchors(
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

    /// Roles, tags and scope; refuses an audience that names nobody in particular.
    func parseAudience(_ entry: Entry) -> AudienceSelector? {
        guard let fields = entries(of: entry.value, what: "the audience", allowed: Self.audienceKeys, required: []) else { return nil }
        let roles = fields["roles"].map { stringList($0, what: "roles") } ?? []
        let tags = fields["tags"].map { stringList($0, what: "tags") } ?? []
        var scope: AudienceScope? = .affected
        if let scopeEntry = fields["scope"] {
            scope = text(scopeEntry, what: "scope").flatMap { name in
                if let parsed = AudienceScope(rawValue: name) { return parsed }
                let (line, column) = position(scopeEntry.value)
                fail(.unknownScope, line: line, column: column,
                     "unknown audience scope '\(name)'; write affected (contacts linked with breach affect) or registry (any contact in the registry)")
                return nil
            }
        }
        // Malformed lists were reported already; only judge emptiness of what was well-formed.
        guard let roles, let tags, let scope else { return nil }
        let selector = AudienceSelector(roles: roles, tags: tags, scope: scope)
        if selector.isEmpty {
            let (line, column) = position(entry.keyNode)
            fail(.emptyAudience, line: line, column: column,
                 "the audience names no role and no tag, so it would match every contact; add e.g. roles: [authority]")
            return nil
        }
        return selector
    }

    /// A non-empty list of distinct channels breach can deliver on.
    func parseChannels(_ entry: Entry) -> [NotificationChannel]? {
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
                let hint = PlaybookSuggestion.closest(to: name, in: NotificationChannel.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
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

    /// One of the anchor spellings; whether a `fulfilled:` target exists is checked later.
    func parseAnchor(_ entry: Entry) -> ObligationAnchor? {
        guard let name = text(entry, what: "anchor") else { return nil }
        guard let anchor = ObligationAnchor(parsing: name), !name.hasPrefix("earliest") else {
            let (line, column) = position(entry.value)
            fail(.unknownAnchor, line: line, column: column,
                 "unknown anchor '\(name)'; write declared, aware, determined, fulfilled:<obligation id>, milestone:<name> or end_of_year:<anchor> (earliest-of is its own key, earliest:)")
            return nil
        }
        if case .milestone(let milestone) = anchor, !PlaybookIdentifier.isValid(milestone) {
            let (line, column) = position(entry.value)
            fail(.unknownAnchor, line: line, column: column,
                 "'\(name)' does not name a milestone (\(PlaybookIdentifier.rule)); write milestone:<name>")
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

    /// The duration grammar of `ObligationDuration(parsing:)`.
    func parseDuration(_ entry: Entry) -> ObligationDuration? {
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

    /// Thresholds in seconds, largest first; each shorter than the shortest span of `duration`.
    func parseThresholds(_ entry: Entry, duration: ObligationDuration?) -> [Int]? {
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

    /// Subject and body, both compiled and checked for unknown variables; the subject on one line.
    func parseTemplate(_ entry: Entry) -> MessageTemplate? {
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
    func checkTemplate(_ source: String, node: Node, what: String) -> Bool {
        let problems = TemplateChecker.problems(in: source, variables: Set(MessageContext.variableNames + declaredFacts.map(PlaybookFact.templateVariable)))
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
}

import CYaml

extension YAMLBudget {
    /// The first bound the text of `yaml` exceeds — its size, or the values its aliases expand to —
    /// found from the parser's events, before anything composes it into a tree.
    ///
    /// Composing is not safe to bound afterwards: Yams hashes the keys of every mapping it builds, and a
    /// key that is an alias of nested aliases (`? *x6`) is hashed over its whole expansion, so a 469-byte
    /// file took minutes before `problem(yaml:root:)` could see the tree (found by `scripts/fuzz yaml`).
    /// Here each anchor's expanded size is counted once, and an alias adds that count without expanding,
    /// so the pass is linear in the text. Malformed YAML passes (nil): the composer reports it, with its line.
    public static func problem(beforeComposing yaml: String) -> Problem? {
        if yaml.utf8.count > maxBytes {
            return Problem(line: 1, column: 1, message: "the file is \(yaml.utf8.count) bytes; the limit is \(maxBytes) (a playbook or configuration is a few kilobytes)")
        }
        var bytes = Array(yaml.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Problem? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var expansion = ExpansionCount()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let problem = expansion.add(event) { return problem }
            }
        }
    }
}

/// The values a YAML event stream stands for, aliases counted by the size of what they name.
private struct ExpansionCount {
    /// A list or mapping not closed yet: its expanded size and entries so far, its anchor and where it starts.
    private struct Open {
        var size = 1
        var entries = 0
        let isMapping: Bool
        let anchor: String?
        let line: Int
        let column: Int
    }

    /// The expanded size of each anchored value seen so far.
    private var anchors: [String: Int] = [:]
    private var open: [Open] = []
    private var total = 0
    /// Sizes stop growing past the bound, so nested aliases cannot overflow an Int.
    private let cap = YAMLBudget.maxNodes + 1

    /// Counts `event`; the first bound the document exceeds with it, or nil.
    mutating func add(_ event: yaml_event_t) -> YAMLBudget.Problem? {
        let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            return close(size: 1, anchor: Self.name(event.data.scalar.anchor), line: line, column: column)
        case YAML_ALIAS_EVENT:
            let size = Self.name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
            if size > 1, let problem = collectionAsKey(line: line, column: column) { return problem }
            return close(size: size, anchor: nil, line: line, column: column)
        case YAML_SEQUENCE_START_EVENT:
            if let problem = collectionAsKey(line: line, column: column) { return problem }
            open.append(Open(isMapping: false, anchor: Self.name(event.data.sequence_start.anchor), line: line, column: column))
        case YAML_MAPPING_START_EVENT:
            if let problem = collectionAsKey(line: line, column: column) { return problem }
            open.append(Open(isMapping: true, anchor: Self.name(event.data.mapping_start.anchor), line: line, column: column))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let finished = open.popLast() else { return nil }
            let entries = finished.isMapping ? finished.entries / 2 : finished.entries
            if entries > YAMLBudget.maxEntries {
                return YAMLBudget.Problem(line: finished.line, column: finished.column,
                                          message: "\(finished.isMapping ? "a mapping" : "a list") of \(entries) entries; the limit is \(YAMLBudget.maxEntries) (e.g. roles and tags are a few names each)")
            }
            return close(size: finished.size, anchor: finished.anchor, line: finished.line, column: finished.column)
        default:
            break
        }
        return nil
    }

    /// A refusal when a list or mapping starting here would be the key of the enclosing mapping.
    ///
    /// Yams hashes and compares every mapping key while composing, over the key's whole subtree: keys that
    /// are mappings whose keys are lists, nested a few dozen deep (`? - ? - …`, no alias at all), took a
    /// 2 KB file over two minutes (found by `scripts/fuzz yaml`). A playbook's or breach.yml's keys are
    /// names, so a collection in key position is refused before anything composes it.
    private func collectionAsKey(line: Int, column: Int) -> YAMLBudget.Problem? {
        guard let parent = open.last, parent.isMapping, parent.entries % 2 == 0 else { return nil }
        return YAMLBudget.Problem(line: line, column: column,
                                  message: "a mapping key is a list or mapping; keys are names (write `name: value`)")
    }

    /// Adds a finished value of `size` to its parent (or the document) and remembers its anchor.
    private mutating func close(size: Int, anchor: String?, line: Int, column: Int) -> YAMLBudget.Problem? {
        if let anchor { anchors[anchor] = size }
        let grown: Int
        if open.isEmpty {
            total = min(cap, total + size)
            grown = total
        } else {
            open[open.count - 1].size = min(cap, open[open.count - 1].size + size)
            open[open.count - 1].entries += 1
            grown = open[open.count - 1].size
        }
        guard grown >= cap else { return nil }
        return YAMLBudget.Problem(line: line, column: column,
                                  message: "the document expands to more than \(YAMLBudget.maxNodes) values (aliases counted each time they are used); write it out plainly, without nested aliases")
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: $0) }
    }
}

import Foundation
import Yams

/// Typed access to composed YAML nodes; each accessor reports what it refuses, at the node's line.
extension PlaybookParser {
    /// The entries of a mapping, checked against the allowed and required keys; nil when `node` is not a mapping.
    func entries(of node: Node, what: String, allowed: [String], required: [String]) -> [String: Entry]? {
        guard let list = mappingEntries(node, what: what, example: nil) else { return nil }
        var result: [String: Entry] = [:]
        var suggested: Set<String> = []
        for entry in list {
            guard allowed.contains(entry.key) else {
                let (line, column) = position(entry.keyNode)
                let guess = PlaybookSuggestion.closest(to: entry.key, in: allowed)
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
    func mappingEntries(_ node: Node, what: String, example: String?) -> [Entry]? {
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

    func sequence(_ node: Node, what: String, example: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            let (line, column) = position(node)
            fail(.wrongType, line: line, column: column, "\(what) must be a list, e.g.\n\(example)")
            return nil
        }
        return Array(sequence)
    }

    /// A required, non-empty text value, trimmed (the newline a `>` block leaves at the end, say)
    /// unless `verbatim`, as template sources must be.
    func text(_ entry: Entry?, what: String, verbatim: Bool = false) -> String? {
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
    func optionalText(_ entry: Entry) -> String? {
        if isNull(entry.value) { return nil }
        return text(entry, what: entry.key)
    }

    func identifier(_ entry: Entry?, what: String) -> String? {
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

    func bool(_ entry: Entry) -> Bool? {
        guard case .scalar(let scalar) = entry.value, scalar.style == .plain,
              let value = Bool.construct(from: scalar) else {
            let (line, column) = position(entry.value)
            fail(.wrongType, line: line, column: column, "\(entry.key) must be true or false")
            return nil
        }
        return value
    }

    /// A list of names, duplicates dropped; `[]` when null, nil (reported) when not a list of names.
    func stringList(_ entry: Entry, what: String) -> [String]? {
        if isNull(entry.value) { return [] }
        guard case .sequence(let sequence) = entry.value else {
            let (line, column) = position(entry.value)
            fail(.wrongType, line: line, column: column, "\(what) must be a list, e.g. \(what): [\(scalarText(entry.value) ?? "…")]")
            return nil
        }
        var values: [String] = []
        // A set for the duplicate check: `values.contains` made long lists quadratic.
        var seen = Set<String>()
        for node in sequence {
            guard let value = scalarText(node), !value.isEmpty else {
                let (line, column) = position(node)
                fail(.wrongType, line: line, column: column, "each of \(what) must be a non-empty name")
                return nil
            }
            if seen.insert(value).inserted { values.append(value) }
        }
        return values
    }

    /// "obligation 'authority'" when the mapping has a readable id, else `otherwise`.
    func describe(_ node: Node, as kind: String, otherwise: String) -> String {
        guard case .mapping(let mapping) = node, let id = mapping["id"].flatMap(scalarText), !id.isEmpty else { return otherwise }
        return "\(kind) '\(id)'"
    }

    func scalarText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return node.null != nil
    }

    func position(_ node: Node) -> (Int, Int) {
        guard let mark = node.mark else { return (0, 0) }
        return (mark.line, mark.column)
    }
}

import Foundation
import Yams

/// Turning problems, including the YAML parser's own, into located `PlaybookError`s.
extension PlaybookParser {
    func fail(_ code: PlaybookError.Code, line: Int, column: Int, _ message: String) {
        errors.append(PlaybookError(code: code, file: file, line: line, column: column, message: message))
    }

    func report(yamlError error: YamlError, yaml: String) {
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
    static func repetition(of key: String, after first: Mark, in lines: [Substring]) -> (line: Int, column: Int)? {
        // A mark past the lines we split (a line break we do not count) has no repetition to point at.
        guard first.column >= 1, first.line <= lines.count else { return nil }
        let indent = String(repeating: " ", count: first.column - 1)
        for index in first.line..<lines.count {
            let line = lines[index]
            if line.hasPrefix(indent + key + ":"), line.dropFirst(indent.count).first != " " {
                return (index + 1, first.column)
            }
        }
        return nil
    }

    static func lineAndColumn(of offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

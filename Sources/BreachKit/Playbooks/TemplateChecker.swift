import Foundation
import Mustache

/// Checks a template's Mustache source before it is ever rendered: syntax, variables and features.
///
/// Compiling catches syntax errors; the variable scan catches names no `MessageContext` provides, which
/// Mustache would otherwise render silently as empty text.
enum TemplateChecker {
    /// A problem at a 1-based line and column of the template source.
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    static func problems(in source: String, variables: Set<String> = Set(MessageContext.variableNames)) -> [Problem] {
        do {
            _ = try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            // Mustache notices an unclosed section only at the end of the text; point at its opening tag.
            if case .expectedSectionEnd? = error.error as? MustacheTemplate.Error, let open = unclosedSection(in: source) {
                return [Problem(line: open.line, column: open.column,
                                message: "section {{\(open.sigil)\(open.name)}} is never closed; add {{/\(open.name)}} where it ends")]
            }
            return [Problem(line: error.context.lineNumber, column: error.context.columnNumber,
                            message: describe(error.error))]
        } catch {
            return [Problem(line: 1, column: 1, message: "the template does not compile: \(error)")]
        }
        return scanTags(source, variables: variables)
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?:
            "a section is closed with a different name than it was opened with; close {{#name}} with {{/name}}"
        case .unfinishedName?:
            "a tag is not finished; write variables as {{name}}"
        case .expectedSectionEnd?:
            "a section is never closed; add the matching {{/name}}"
        case .invalidSetDelimiter?:
            "the set-delimiter tag is malformed; write {{=<% %>=}}"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?:
            "unknown pragma; the only one supported is {{% CONTENT_TYPE: TEXT }}"
        default:
            "unsupported Mustache construct (\(error)); use variables {{name}} and sections {{#name}}…{{/name}}"
        }
    }

    /// One `{{…}}` tag of a template: its sigil (`#`, `^`, `/`, `&`, `{`, `!`, `>`, … or empty), its
    /// name without transforms, and where it starts.
    struct Tag {
        var sigil: String
        var name: String
        var line: Int
        var column: Int
    }

    /// The `{{…}}` tags of `source`, in order. Empty when the template changes its delimiters, since the
    /// tags can then no longer be found by their braces.
    static func tags(in source: String) -> [Tag] {
        guard !source.contains("{{=") else { return [] }
        var tags: [Tag] = []
        var line = 1
        var column = 1
        var index = source.startIndex
        while index < source.endIndex {
            if source[index...].hasPrefix("{{") {
                let contentStart = source.index(index, offsetBy: 2)
                guard let close = source.range(of: "}}", range: contentStart..<source.endIndex) else { break }
                let content = source[contentStart..<close.lowerBound]
                var end = close.upperBound
                if content.hasPrefix("{"), end < source.endIndex, source[end] == "}" {
                    end = source.index(after: end)
                }
                tags.append(parseTag(content, line: line, column: column))
                for character in source[index..<end] {
                    if character == "\n" { line += 1; column = 1 } else { column += 1 }
                }
                index = end
                continue
            }
            if source[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index = source.index(after: index)
        }
        return tags
    }

    private static func parseTag(_ content: Substring, line: Int, column: Int) -> Tag {
        var body = content.drop { $0 == " " }
        var sigil = ""
        if let first = body.first, "#^/&{!>$<%".contains(first) {
            sigil = String(first)
            body = body.dropFirst()
        }
        var name = body.trimmingCharacters(in: .whitespaces)
        if sigil == "{", name.hasSuffix("}") { name = String(name.dropLast()).trimmingCharacters(in: .whitespaces) }
        // Transforms such as `uppercased(incident_id)` wrap the name in parentheses.
        if let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
            name = String(name[name.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        return Tag(sigil: sigil, name: name, line: line, column: column)
    }

    /// The innermost section opened and never closed, if any.
    private static func unclosedSection(in source: String) -> Tag? {
        var open: [Tag] = []
        for tag in tags(in: source) {
            switch tag.sigil {
            case "#", "^": open.append(tag)
            case "/": if open.last?.name == tag.name { open.removeLast() }
            default: break
            }
        }
        return open.last
    }

    /// Names no `MessageContext` provides, and features a self-contained template cannot use.
    private static func scanTags(_ source: String, variables: Set<String>) -> [Problem] {
        tags(in: source).compactMap { tag in
            check(tag, variables: variables).map { Problem(line: tag.line, column: tag.column, message: $0) }
        }
    }

    private static func check(_ tag: Tag, variables: Set<String>) -> String? {
        switch tag.sigil {
        case "!", "%":
            return nil
        case ">", "<", "$":
            return "partials and blocks ({{\(tag.sigil)…}}) are not supported; templates are self-contained, write the text inline"
        default:
            break
        }
        if tag.name.isEmpty { return "empty tag {{\(tag.sigil)}}; write a variable name such as {{incident_id}}" }
        if tag.name == "." { return nil }
        let root = String(tag.name.split(separator: ".", maxSplits: 1).first ?? "")
        guard variables.contains(root) else {
            let known = MessageContext.variableNames.joined(separator: ", ")
            if let guess = PlaybookSuggestion.closest(to: root, in: Array(variables)) {
                return "unknown template variable '\(root)'; did you mean '\(guess)'? Variables are: \(known)"
            }
            return "unknown template variable '\(root)'; variables are: \(known)"
        }
        return nil
    }
}

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

    /// Finds `{{…}}` tags and checks their names. Skipped when the template changes its delimiters,
    /// since the tags can then no longer be found by their braces.
    private static func scanTags(_ source: String, variables: Set<String>) -> [Problem] {
        guard !source.contains("{{=") else { return [] }
        var problems: [Problem] = []
        var line = 1
        var column = 1
        var index = source.startIndex
        while index < source.endIndex {
            if source[index...].hasPrefix("{{") {
                let tagLine = line, tagColumn = column
                let contentStart = source.index(index, offsetBy: 2)
                guard let close = source.range(of: "}}", range: contentStart..<source.endIndex) else { break }
                var content = source[contentStart..<close.lowerBound]
                var end = close.upperBound
                if content.hasPrefix("{"), end < source.endIndex, source[end] == "}" {
                    content = content.dropFirst()
                    end = source.index(after: end)
                }
                if let message = check(tag: content, variables: variables) {
                    problems.append(Problem(line: tagLine, column: tagColumn, message: message))
                }
                for character in source[index..<end] {
                    if character == "\n" { line += 1; column = 1 } else { column += 1 }
                }
                index = end
                continue
            }
            if source[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index = source.index(after: index)
        }
        return problems
    }

    private static func check(tag: Substring, variables: Set<String>) -> String? {
        var body = tag.drop { $0 == " " }
        guard let sigil = body.first else { return "empty tag {{}}; write a variable name such as {{incident_id}}" }
        switch sigil {
        case "!", "%":
            return nil
        case ">", "<", "$":
            return "partials and blocks ({{\(sigil)…}}) are not supported; templates are self-contained, write the text inline"
        case "#", "^", "/", "&", "{":
            body = body.dropFirst()
        default:
            break
        }
        var name = body.trimmingCharacters(in: .whitespaces)
        // Transforms such as `uppercased(incident_id)` wrap the name in parentheses.
        if let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
            name = String(name[name.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        if name == "." { return nil }
        let root = String(name.split(separator: ".", maxSplits: 1).first ?? "")
        guard variables.contains(root) else {
            let known = MessageContext.variableNames.joined(separator: ", ")
            if let guess = KeySuggestion.closest(to: root, in: Array(variables)) {
                return "unknown template variable '\(root)'; did you mean '\(guess)'? Variables are: \(known)"
            }
            return "unknown template variable '\(root)'; variables are: \(known)"
        }
        return nil
    }
}

import Foundation
import Mustache

/// Fills an obligation's message template with an incident's values.
///
/// Templates render as plain text: values are never HTML-escaped (`&` stays `&`), because the messages are
/// plain-text email bodies and JSON strings, not HTML.
public enum TemplateRenderer {
    /// Selects Mustache's text content type, which escapes nothing.
    private static let plainTextPragma = "{{% CONTENT_TYPE: TEXT}}"

    /// Renders subject and body. The subject comes out as one line: each line break (CR, LF, CRLF, and
    /// Unicode line separators), with the spaces around it, becomes a single space, and the result is
    /// trimmed, so a multi-line value cannot inject email headers. Body line endings become `\n`.
    /// - Throws: `PlaybookError` (`template-syntax`) when a template does not compile; templates from a
    ///   validated playbook always do.
    public static func render(_ template: MessageTemplate, context: MessageContext) throws -> RenderedMessage {
        let variables = context.variables
        let subject = try render(source: template.subject, variables: variables, part: "subject")
        let body = try render(source: template.body, variables: variables, part: "body")
        return RenderedMessage(subject: singleLine(subject), body: normalizeLineEndings(body))
    }

    /// Renders Mustache `source` with `variables` as plain text.
    public static func render(source: String, variables: [String: String], part: String = "template") throws -> String {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: plainTextPragma + source)
        } catch let error as MustacheTemplate.ParserError {
            throw PlaybookError(code: .templateSyntax, file: part, line: error.context.lineNumber,
                                column: 0, message: "the \(part) template does not compile: \(error.error); run breach playbook validate")
        }
        return template.render(variables)
    }

    /// `text` on one line: line breaks and the whitespace around them become one space; trimmed.
    public static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    private static func normalizeLineEndings(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

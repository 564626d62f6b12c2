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
        try Compiled(template).render(variables: context.variables)
    }

    /// An obligation's message template parsed once, to render for many recipients: parsing it anew for
    /// every notification was most of queueing a large audience.
    public struct Compiled {
        let subject: MustacheTemplate
        let body: MustacheTemplate

        /// Parses subject and body; throws like `render` when either does not compile.
        public init(_ template: MessageTemplate) throws {
            subject = try TemplateRenderer.compile(template.subject, part: "subject")
            body = try TemplateRenderer.compile(template.body, part: "body")
        }

        /// Subject (one line, see `render(_:context:)`) and body for these variables (`MessageContext.variables`).
        public func render(variables: [String: String]) -> RenderedMessage {
            RenderedMessage(subject: compacted(singleLine(subject.render(variables))),
                            body: compacted(normalizeLineEndings(body.render(variables))))
        }
    }

    /// Renders Mustache `source` with `variables` as plain text.
    public static func render(source: String, variables: [String: String], part: String = "template") throws -> String {
        try compile(source, part: part).render(variables)
    }

    private static func compile(_ source: String, part: String) throws -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: plainTextPragma + source)
        } catch let error as MustacheTemplate.ParserError {
            throw PlaybookError(code: .templateSyntax, file: part, line: error.context.lineNumber,
                                column: 0, message: "the \(part) template does not compile: \(error.error); run breach playbook validate")
        }
    }

    /// `text` on one line: line breaks and the whitespace around them become one space; trimmed.
    public static func singleLine(_ text: String) -> String {
        // Printable ASCII without surrounding spaces has no line break and nothing to trim: as it is.
        if let first = text.utf8.first, let last = text.utf8.last, first != 0x20, last != 0x20,
           text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// `text` in storage of its own length.
    ///
    /// Mustache builds its output by appending, and a string grown by appending keeps the doubled capacity
    /// of its last growth: a 389-byte body sat in 981 bytes. A queued message lives in the incident's state
    /// for the whole run, once per recipient — at 50,000 recipients, about 30 MB of unused capacity.
    static func compacted(_ text: String) -> String {
        let utf8 = text.utf8
        // Up to 15 bytes a string is stored inline, with no storage to waste.
        guard utf8.count > 15 else { return text }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            _ = buffer.initialize(from: utf8)
            return utf8.count
        }
    }

    private static func normalizeLineEndings(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

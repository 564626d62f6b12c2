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
            finished(subject: subject.render(variables), body: body.render(variables))
        }
    }

    /// An obligation's message filled once with the incident's values, to render per recipient, where only
    /// the contact's name (`contact_name`) changes.
    ///
    /// Where the templates use the name only in plain tags — variables (`{{contact_name}}`,
    /// `{{{contact_name}}}`, `{{& contact_name}}`) and sections on it (`{{#contact_name}}Dear
    /// {{contact_name}},{{/contact_name}}{{^contact_name}}Hello,{{/contact_name}}`, as the shipped playbooks
    /// do) — a rendering for a named contact is the text around the name, filled once, joined with the
    /// name: what Mustache would give, without walking the template per recipient (a seventh of `notify` at
    /// 10,000 recipients). Anything else that mentions the name — a transform, a dotted name, a comment, a
    /// changed delimiter — renders through Mustache for every recipient, as before.
    public struct PerRecipient {
        private let compiled: Compiled
        private var variables: [String: String]
        /// The text around the name's tags; nil: render through Mustache.
        private let subjectPieces: [String]?
        private let bodyPieces: [String]?
        /// The message for a contact without a name (the variable is left out, as `MessageContext` does).
        private let nameless: RenderedMessage

        /// Fills `template` with `variables` (any `contact_name` among them is ignored).
        public init(_ template: MessageTemplate, variables: [String: String]) throws {
            compiled = try Compiled(template)
            self.variables = variables
            self.variables[Self.name] = nil
            nameless = compiled.render(variables: self.variables)
            subjectPieces = Self.pieces(of: compiled.subject, source: template.subject, variables: self.variables)
            bodyPieces = Self.pieces(of: compiled.body, source: template.body, variables: self.variables)
        }

        /// True when a named contact's message is joined from text filled once, without Mustache.
        public var skipsMustachePerRecipient: Bool { subjectPieces != nil && bodyPieces != nil }

        /// The message for a contact named `name` (empty: as if it had no name).
        public mutating func render(name: String) -> RenderedMessage {
            guard !name.isEmpty else { return nameless }
            if let subjectPieces, let bodyPieces {
                return finished(subject: subjectPieces.joined(separator: name), body: bodyPieces.joined(separator: name))
            }
            variables[Self.name] = name
            defer { variables[Self.name] = nil }
            return compiled.render(variables: variables)
        }

        private static let name = "contact_name"
        /// `&` (unescaped, the same as plain text here) and the tags of a section on the name: for any
        /// non-empty name `{{#contact_name}}` shows its content once and `{{^contact_name}}` hides it, as
        /// for both stand-ins (a nameless contact gets the message rendered without the name).
        private static let allowedSigils: Set<UInt8> = [UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/")]

        /// The text between the name's tags in `template` filled with `variables`, or nil when the source
        /// uses the name in any other way. Two renderings with different stand-ins for the name must split
        /// into the same text: a check that nothing but plain substitution touched it.
        static func pieces(of template: MustacheTemplate, source: String, variables: [String: String]) -> [String]? {
            guard usesNameOnlyAsPlainTags(source) else { return nil }
            var filled = variables
            // Private-use characters around letters of both cases, so that a case or order transform shows.
            let standIns = ["\u{E000}aB\u{E001}", "\u{E002}cDe\u{E003}"]
            var split: [[String]] = []
            for standIn in standIns {
                filled[name] = standIn
                split.append(template.render(filled).components(separatedBy: standIn))
            }
            guard split[0] == split[1] else { return nil }
            return split[0]
        }

        /// True when every mention of `contact_name` in `source` is a whole plain tag (a variable, or a
        /// section's opening, inverted opening or closing) and the delimiters never change.
        static func usesNameOnlyAsPlainTags(_ source: String) -> Bool {
            let text = Array(source.utf8)
            let name = Array(Self.name.utf8)
            let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            var plainTags = 0
            var index = 0
            while index + 1 < text.count {
                guard text[index] == open, text[index + 1] == open else { index += 1; continue }
                // A tag: its opening braces, blanks, an optional sigil, blanks, then what it names.
                var cursor = index
                while cursor < text.count, text[cursor] == open { cursor += 1 }
                let braces = cursor - index
                while cursor < text.count, isBlank(text[cursor]) { cursor += 1 }
                if cursor < text.count, text[cursor] == UInt8(ascii: "=") { return false }
                if braces == 2, cursor < text.count, Self.allowedSigils.contains(text[cursor]) {
                    cursor += 1
                    while cursor < text.count, isBlank(text[cursor]) { cursor += 1 }
                }
                if braces <= 3, text[cursor...].starts(with: name) {
                    var end = cursor + name.count
                    while end < text.count, isBlank(text[end]) { end += 1 }
                    let closing = end + braces
                    if closing <= text.count, text[end..<closing].allSatisfy({ $0 == close }),
                       closing == text.count || text[closing] != close {
                        plainTags += 1
                        index = closing
                        continue
                    }
                }
                index = cursor
            }
            // The name anywhere but in those tags (a transform, a comment, plain text) sends the template
            // through Mustache.
            var mentions = 0
            var position = 0
            while position + name.count <= text.count {
                if text[position..<position + name.count].elementsEqual(name) { mentions += 1; position += name.count } else { position += 1 }
            }
            return mentions == plainTags
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

    /// The message from Mustache's output: the subject on one line, the body's line endings `\n`, each in
    /// storage of its own length.
    static func finished(subject: String, body: String) -> RenderedMessage {
        RenderedMessage(subject: compacted(singleLine(subject)), body: compacted(normalizeLineEndings(body)))
    }

    /// `text` on one line: line breaks and the whitespace around them become one space; trimmed.
    public static func singleLine(_ text: String) -> String {
        // Printable ASCII without surrounding spaces has no line break and nothing to trim: as it is.
        if let first = text.utf8.first, let last = text.utf8.last, first != 0x20, last != 0x20,
           UTF8Scan.isPrintableASCII(text) { return text }
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
        guard UTF8Scan.contains(UInt8(ascii: "\r"), in: text) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

@testable import BreachKit
import Foundation
import Testing

@Suite struct TemplateRendererTests {
    static func context(title: String = "Customer DB snapshot exposed", summary: String? = "Bucket & keys <public>",
                        contactName: String? = "Ada Lovelace") -> MessageContext {
        MessageContext(
            incidentID: "INC-12", incidentTitle: title, kind: "data-breach", severity: .critical, stage: .diagnose,
            summary: summary, detectedAt: RFC3339.parse("2026-11-28T09:12:00Z")!,
            declaredAt: RFC3339.parse("2026-11-28T11:00:00+01:00")!, awareAt: nil, determinedAt: nil,
            obligationID: "data-subjects", obligationTitle: "Notify affected data subjects",
            dueAt: RFC3339.parse("2026-12-01T10:00:00Z")!, contactName: contactName)
    }

    @Test func rendersRealIncidentValuesAsPlainText() throws {
        let template = MessageTemplate(
            subject: "[{{incident_id}}] {{incident_title}} ({{severity}})",
            body: """
            Dear {{contact_name}},
            {{#summary}}What happened: {{summary}}
            {{/summary}}Declared {{declared_at}}, due {{due_at}}, stage {{stage}}, kind {{kind}}.
            {{obligation_title}} ({{obligation_id}}) detected {{detected_at}}.{{#aware_at}} Aware {{aware_at}}.{{/aware_at}}
            """)
        let message = try TemplateRenderer.render(template, context: Self.context())
        #expect(message.subject == "[INC-12] Customer DB snapshot exposed (critical)")
        #expect(message.body == """
            Dear Ada Lovelace,
            What happened: Bucket & keys <public>
            Declared 2026-11-28T10:00:00Z, due 2026-12-01T10:00:00Z, stage diagnose, kind data-breach.
            Notify affected data subjects (data-subjects) detected 2026-11-28T09:12:00Z.
            """)
    }

    /// Queueing parses a template once per obligation and renders it per recipient: the same messages as
    /// rendering each anew, whoever the recipient is (named, unnamed, a name with line breaks).
    @Test func aCompiledTemplateRendersLikeRenderingAnew() throws {
        let template = MessageTemplate(
            subject: "  [{{incident_id}}] {{incident_title}} for {{contact_name}}  ",
            body: "{{#contact_name}}Dear {{contact_name}},{{/contact_name}}{{^contact_name}}Hello,{{/contact_name}}\r\n{{summary}}\rend")
        let compiled = try TemplateRenderer.Compiled(template)
        for name in ["Ada Lovelace", nil, "", "Eve\r\nBcc: x", "Zoë  ☃"] as [String?] {
            for title in ["Plain title", "Two\u{2028}lines", "\ttabbed "] {
                let context = Self.context(title: title, contactName: name)
                #expect(compiled.render(variables: context.variables) == (try TemplateRenderer.render(template, context: context)))
            }
        }
        let message = compiled.render(variables: Self.context(title: "Two\nlines").variables)
        #expect(message.subject == "[INC-12] Two lines for Ada Lovelace")
        #expect(message.body == "Dear Ada Lovelace,\nBucket & keys <public>\nend")
    }

    /// Rendered messages are copied into storage of their own length (issue 17's memory row): the copy is
    /// the same text, whatever its bytes.
    @Test func aCompactedMessageIsTheSameText() {
        let grown = (0..<40).reduce(into: "") { text, index in text += "line \(index) of the body, Zoë ☃ 🚨\n" }
        for text in ["", "short", "exactly15bytes!", "sixteen bytes ok", grown, String(grown.dropLast(3))] {
            let copy = TemplateRenderer.compacted(text)
            #expect(copy == text)
            #expect(Array(copy.utf8) == Array(text.utf8))
        }
    }

    /// A subject of printable ASCII is kept as it is; anything else goes through the line-joining rule.
    @Test func singleLineKeepsPlainSubjectsAndJoinsTheRest() {
        #expect(TemplateRenderer.singleLine("[INC-1] Exposed bucket") == "[INC-1] Exposed bucket")
        #expect(TemplateRenderer.singleLine(" padded ") == "padded")
        #expect(TemplateRenderer.singleLine("one \r\n two\u{2028}three\u{85}four") == "one two three four")
        #expect(TemplateRenderer.singleLine("tab\there") == "tab\there")
        #expect(TemplateRenderer.singleLine("") == "")
    }

    @Test func absentValuesRenderAsNothingAndHideTheirSections() throws {
        let template = MessageTemplate(subject: "{{incident_id}}",
                                       body: "{{#contact_name}}Dear {{contact_name}}{{/contact_name}}{{^contact_name}}Hello{{/contact_name}}|{{summary}}|{{determined_at}}")
        let message = try TemplateRenderer.render(template, context: Self.context(summary: nil, contactName: nil))
        #expect(message.body == "Hello||")
    }

    @Test(arguments: [
        ("Line one\r\nLine two", "INC-12: Line one Line two"),
        ("Line one\nBcc: victim@example.com", "INC-12: Line one Bcc: victim@example.com"),
        ("Trailing\r", "INC-12: Trailing"),
        ("A\u{2028}B", "INC-12: A B"),
        ("  spaced \n\n  out  ", "INC-12:   spaced out"),
    ])
    func collapsesLineBreaksInSubjects(_ title: String, _ expected: String) throws {
        let template = MessageTemplate(subject: "{{incident_id}}: {{incident_title}}", body: "{{incident_title}}")
        let message = try TemplateRenderer.render(template, context: Self.context(title: title))
        #expect(message.subject == expected)
        #expect(!message.subject.contains("\r") && !message.subject.contains("\n"))
    }

    @Test func normalizesBodyLineEndings() throws {
        let template = MessageTemplate(subject: "s", body: "{{incident_title}}")
        let message = try TemplateRenderer.render(template, context: Self.context(title: "one\r\ntwo\rthree"))
        #expect(message.body == "one\ntwo\nthree")
    }

    @Test func refusesATemplateThatDoesNotCompile() {
        let template = MessageTemplate(subject: "{{#incident_id}}", body: "b")
        #expect(throws: PlaybookError.self) { try TemplateRenderer.render(template, context: Self.context()) }
    }

    @Test func contextVariablesAreTheDocumentedOnes() {
        let variables = Self.context().variables
        #expect(Set(variables.keys).isSubset(of: Set(MessageContext.variableNames)))
        #expect(variables["aware_at"] == nil)
        #expect(variables["declared_at"] == "2026-11-28T10:00:00Z")
        #expect(variables["severity"] == "critical")
    }
}

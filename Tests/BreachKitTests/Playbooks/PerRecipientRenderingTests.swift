@testable import BreachKit
import Foundation
import Testing

/// `TemplateRenderer.PerRecipient` gives what Mustache gives for every recipient, and takes the shortcut
/// (no Mustache per recipient) only when the name appears as plain variable tags.
@Suite struct PerRecipientRenderingTests {
    static let variables = TemplateRendererTests.context(contactName: nil).variables

    static let names = [
        "Ada Lovelace", "a", "Zoë Ünal-Ødegård", "{{incident_id}}", "}}}", "line one\nline two", "tab\there",
        "\u{E000}aB\u{E001}", "  padded  ", "x\r\ny", "&lt;b&gt; <b>", "", "👩🏽‍💻 Grace",
    ]

    static let templates: [(MessageTemplate, shortcut: Bool)] = [
        (MessageTemplate(subject: "[{{incident_id}}] for {{contact_name}}", body: "Dear {{contact_name}},\nabout {{incident_title}}.\n{{contact_name}}!"), true),
        (MessageTemplate(subject: "{{ contact_name }}", body: "{{{contact_name}}} and {{& contact_name}} and {{{ contact_name }}}"), true),
        (MessageTemplate(subject: "No name", body: "Nothing personal: {{incident_title}}"), true),
        (MessageTemplate(subject: "s", body: "{{#summary}}Hi {{contact_name}}: {{summary}}{{/summary}}"), true),
        (MessageTemplate(subject: "s", body: "{{#contact_name}}Dear {{contact_name}}{{/contact_name}}{{^contact_name}}Dear customer{{/contact_name}}"), true),
        (MessageTemplate(subject: "{{# contact_name }}{{.}}{{/ contact_name }}", body: "{{#contact_name}}{{incident_id}} {{.}} {{uppercased(.)}}{{/contact_name}}"), true),
        (MessageTemplate(subject: "s", body: "{{#contact_name}}{{empty(.)}} {{reversed(.)}} {{capitalized(.)}} {{lowercased(.)}}{{/contact_name}}"), true),
        (MessageTemplate(subject: "s", body: "{{#empty(contact_name)}}none{{/empty(contact_name)}}{{^empty(contact_name)}}{{contact_name}}{{/empty(contact_name)}}"), false),
        (MessageTemplate(subject: "s", body: "{{> contact_name}}Hello {{contact_name}}"), false),
        (MessageTemplate(subject: "{{uppercased(contact_name)}}", body: "{{reversed(contact_name)}} {{capitalized(contact_name)}}"), false),
        (MessageTemplate(subject: "s", body: "{{! contact_name is filled per recipient }}Hello {{contact_name}}"), false),
        (MessageTemplate(subject: "s", body: "{{=<% %>=}}Hello <% contact_name %>"), false),
        (MessageTemplate(subject: "s", body: "{{ = <% %> = }}Hello <%contact_name%>"), false),
        (MessageTemplate(subject: "s", body: "Dear contact_name: {{contact_name}}"), false),
        (MessageTemplate(subject: "s", body: "{{contact_name.first}} {{contact_names}}"), false),
        (MessageTemplate(subject: "s", body: "{{{contact_name}} {{{{contact_name}}}}"), false),
        (MessageTemplate(subject: "s", body: "{{{& contact_name}}}"), false),
    ]

    @Test("every template and name: the same subject and body as Mustache with the name set (left out when empty)")
    func sameAsMustache() throws {
        var refused: [MessageTemplate] = []
        for (template, _) in Self.templates {
            guard let compiled = try? TemplateRenderer.Compiled(template) else {
                // Mustache refuses it: so does the per-recipient form, with the same error.
                #expect(throws: PlaybookError.self) { try TemplateRenderer.PerRecipient(template, variables: Self.variables) }
                refused.append(template)
                continue
            }
            var message = try TemplateRenderer.PerRecipient(template, variables: Self.variables)
            for name in Self.names {
                var variables = Self.variables
                variables["contact_name"] = name.isEmpty ? nil : name
                let expected = compiled.render(variables: variables)
                let rendered = message.render(name: name)
                #expect(rendered == expected, "\(template) with \(name.debugDescription)")
            }
        }
        // The malformed ones only (spaced delimiters, unbalanced braces, `&` inside a triple): the rest render.
        #expect(refused.count == 3, "\(refused)")
    }

    @Test("the shortcut is offered exactly where the name appears only in plain variable and section tags")
    func shortcutOnlyForPlainTags() {
        for (template, shortcut) in Self.templates {
            let plain = TemplateRenderer.PerRecipient.usesNameOnlyAsPlainTags(template.subject)
                && TemplateRenderer.PerRecipient.usesNameOnlyAsPlainTags(template.body)
            #expect(plain == shortcut, "\(template)")
        }
    }

    @Test("every shipped playbook's messages take the shortcut, and render as Mustache does")
    func shippedPlaybooks() throws {
        var obligations = 0
        for id in ShippedPlaybooksTests.expectedIDs + ShippedPlaybooksTests.regimeIDs {
            for rule in try ShippedPlaybooksTests.load(id).obligations {
                obligations += 1
                var message = try TemplateRenderer.PerRecipient(rule.template, variables: Self.variables)
                #expect(message.skipsMustachePerRecipient, "\(id) \(rule.id)")
                let compiled = try TemplateRenderer.Compiled(rule.template)
                for name in Self.names {
                    var variables = Self.variables
                    variables["contact_name"] = name.isEmpty ? nil : name
                    #expect(message.render(name: name) == compiled.render(variables: variables), "\(id) \(rule.id) \(name.debugDescription)")
                }
            }
        }
        #expect(obligations > 20)
    }

    @Test("a name in the fixed values (the incident's title) is not mistaken for the recipient's")
    func nameInsideOtherValues() throws {
        var variables = Self.variables
        variables["incident_title"] = "\u{E000}aB\u{E001} contact_name {{contact_name}}"
        let template = MessageTemplate(subject: "{{incident_title}}", body: "{{incident_title}} / {{contact_name}}")
        var message = try TemplateRenderer.PerRecipient(template, variables: variables)
        variables["contact_name"] = "Ada"
        #expect(message.render(name: "Ada") == (try TemplateRenderer.Compiled(template)).render(variables: variables))
    }
}

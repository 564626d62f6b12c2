import BreachKit
import Foundation
import Testing

/// Loader behaviour on inline YAML: defaults, aliases, and problems the fixture corpus does not cover.
@Suite struct PlaybookLoaderTests {
    static let minimal = """
        id: sample
        title: Sample
        description: Minimal valid playbook.
        checklists:
          detect:
            - id: triage
              text: Triage
          recover:
            - id: restore
              text: Restore
              required: yes
        obligations:
          - id: authority
            title: Tell the authority
            audience:
              roles: [authority]
            channels: [email]
            anchor: aware
            duration: 4 business days
            escalation_thresholds: [1h, 48h, 30min, 1d]
            template:
              subject: 'Report {{incident_id}}'
              body: Hello.
        """

    static func errors(_ yaml: String) -> [PlaybookError] {
        PlaybookLoader.check(yaml: yaml, fileName: "inline.yml").errors
    }

    @Test func loadsWithDefaults() throws {
        let playbook = try PlaybookLoader.load(yaml: Self.minimal, fileName: "inline.yml")
        #expect(playbook.item(id: "triage")?.required == false)
        #expect(playbook.checklist(for: .stabilize).map(\.id) == ["restore"])
        #expect(playbook.requiredOpenItems(stage: .stabilize, checked: []).map(\.id) == ["restore"])
        let rule = try #require(playbook.obligation(id: "authority"))
        #expect(rule.audience.scope == .affected)
        #expect(rule.duration == .businessDays(4))
        #expect(rule.escalationThresholds == [172_800, 86_400, 3_600, 1_800])
        #expect(rule.description == nil)
        #expect(playbook.holidays.isEmpty)
    }

    @Test func roundTripsThroughJSON() throws {
        let playbook = try PlaybookLoader.load(yaml: Self.minimal, fileName: "inline.yml")
        let data = try JSONEncoder().encode(playbook)
        #expect(try JSONDecoder().decode(Playbook.self, from: data) == playbook)
    }

    @Test func refusesAStageGivenTwiceThroughItsAlias() {
        let yaml = Self.minimal.replacingOccurrences(of: "  detect:\n", with: "  stabilize:\n")
        let errors = Self.errors(yaml)
        #expect(errors.map(\.code) == [.duplicateID])
        #expect(errors.first?.line == 8)
        #expect(errors.first?.message.contains("recover is an alias of stabilize") == true)
    }

    @Test func reportsTabIndentationAsMalformedYAML() {
        let errors = Self.errors("id: x\ntitle: T\ndescription: D\nchecklists:\n\tdetect: []\n")
        #expect(errors.map(\.code) == [.malformedYAML])
        #expect(errors.first?.line == 5)
    }

    @Test func refusesAnEmptyFileAndANonMapping() {
        #expect(Self.errors("").map(\.code) == [.missingKey])
        #expect(Self.errors("# only a comment\n").first?.message.contains("empty") == true)
        let list = Self.errors("- id: x\n")
        #expect(list.map(\.code) == [.wrongType])
        #expect(list.first?.line == 1)
    }

    @Test func reportsMissingTopLevelKeysAtTheDocumentStart() {
        let errors = Self.errors("title: T\n")
        #expect(errors.map(\.message) == ["the playbook is missing 'id'; add id: …", "the playbook is missing 'description'; add description: …"])
        #expect(errors.allSatisfy { $0.line == 1 && $0.column == 1 })
    }

    @Test func placesErrorsInsideInlineTemplates() {
        let yaml = Self.minimal.replacingOccurrences(of: "'Report {{incident_id}}'", with: "'Report {{incident}}'")
        let errors = Self.errors(yaml)
        #expect(errors.map(\.code) == [.templateSyntax])
        // Line 22 is `      subject: 'Report {{incident}}'`: the value starts at column 16, the tag 8 characters in.
        #expect(errors.first.map { [$0.line, $0.column] } == [22, 24])
    }

    @Test func refusesPartials() {
        let yaml = Self.minimal.replacingOccurrences(of: "body: Hello.", with: "body: Hello {{> footer}}")
        #expect(Self.errors(yaml).first?.message.contains("partials") == true)
    }

    @Test func refusesAChannelsScalar() {
        let yaml = Self.minimal.replacingOccurrences(of: "channels: [email]", with: "channels: email")
        let errors = Self.errors(yaml)
        #expect(errors.map(\.code) == [.wrongType])
        #expect(errors.first?.line == 17)
    }

    @Test func reportsAMalformedRoleListOnceNotAsAnEmptyAudience() {
        let yaml = Self.minimal.replacingOccurrences(of: "roles: [authority]", with: "roles: authority")
        let errors = Self.errors(yaml)
        #expect(errors.map(\.code) == [.wrongType])
        #expect(errors.first?.message.contains("roles: [authority]") == true)
    }

    @Test func acceptsAnEmptyChecklistsKey() throws {
        let playbook = try PlaybookLoader.load(yaml: "id: bare\ntitle: Bare\ndescription: D\nchecklists:\n", fileName: "bare.yml")
        #expect(playbook.checklists.isEmpty)
    }

    @Test func doesNotBlameAnAnchorOnABrokenObligation() {
        // The target obligation is broken (bad duration); the fulfilled: anchor to it must not add an error.
        let yaml = Self.minimal.replacingOccurrences(of: "duration: 4 business days", with: "duration: 4 weeks") + """

              - id: follow-up
                title: Follow up
                audience:
                  tags: [eu]
                channels: [webhook]
                anchor: fulfilled:authority
                duration: 1mo
                template:
                  subject: Follow-up
                  body: Done.
            """
        #expect(Self.errors(yaml).map(\.code) == [.invalidDuration])
    }

    @Test func acceptsEmptyOptionalSections() throws {
        let playbook = try PlaybookLoader.load(
            yaml: "id: quiet\ntitle: Quiet\ndescription: Nothing to do.\nchecklists:\n  detect:\nobligations:\nholidays: []\n",
            fileName: "quiet.yml")
        #expect(playbook.checklists[.detect] == [])
        #expect(playbook.obligations.isEmpty)
    }

    @Test func throwsTheWholeListFromLoad() {
        let yaml = Self.minimal.replacingOccurrences(of: "anchor: aware", with: "anchor: later")
            .replacingOccurrences(of: "[email]", with: "[pigeon]")
        do {
            _ = try PlaybookLoader.load(yaml: yaml, fileName: "inline.yml")
            Issue.record("expected an error")
        } catch let list as PlaybookErrorList {
            #expect(list.errors.map(\.code) == [.unknownChannel, .unknownAnchor])
            #expect(list.description == """
                inline.yml:17:16: unknown channel 'pigeon'; channels are email and webhook
                inline.yml:18:13: unknown anchor 'later'; write declared, aware, determined, fulfilled:<obligation id>, milestone:<name> or end_of_year:<anchor> (earliest-of is its own key, earliest:)
                """)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

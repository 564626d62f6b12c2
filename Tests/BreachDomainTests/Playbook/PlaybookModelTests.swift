import Foundation
import Testing
@testable import BreachDomain

@Suite struct PlaybookModelTests {
    static let playbook = Playbook(
        id: "sample", title: "Sample", description: "For tests",
        checklists: [
            .detect: [ChecklistItem(id: "triage", text: "Triage", required: true),
                      ChecklistItem(id: "ticket", text: "Open a ticket")],
            .assess: [ChecklistItem(id: "scope", text: "Scope", required: true)],
        ],
        obligations: [ObligationRule(
            id: "authority", title: "Tell the authority", audience: AudienceSelector(roles: ["authority"], scope: .registry),
            channels: [.email], anchor: .fulfilled("other"), duration: .hours(72),
            template: MessageTemplate(subject: "S", body: "B"))],
        holidays: ["2026-12-25"])

    @Test func listsRequiredOpenItems() {
        #expect(Self.playbook.requiredOpenItems(stage: .detect, checked: []).map(\.id) == ["triage"])
        #expect(Self.playbook.requiredOpenItems(stage: .detect, checked: ["triage"]).isEmpty)
        #expect(Self.playbook.requiredOpenItems(stage: .diagnose, checked: []).isEmpty)
        #expect(Self.playbook.item(id: "scope")?.text == "Scope")
        #expect(Self.playbook.stage(ofItem: "ticket") == .detect)
        #expect(Self.playbook.item(id: "nope") == nil)
        #expect(Self.playbook.obligation(id: "authority")?.anchor == .fulfilled("other"))
    }

    @Test func encodesChecklistsByStageIdAndRoundTrips() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(Self.playbook)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains(#""checklists":{"assess":[{"#))
        #expect(json.contains(#""anchor":"fulfilled:other""#))
        #expect(json.contains(#""duration":"72h""#))
        #expect(try JSONDecoder().decode(Playbook.self, from: data) == Self.playbook)
    }

    @Test(arguments: [
        (["authority"], [String](), "authority", [String](), true),
        (["authority"], [], "customer-admin", [], false),
        ([], ["eu"], "customer-admin", ["eu", "gold"], true),
        ([], ["eu", "gold"], "customer-admin", ["eu"], false),
        (["data-subject", "customer-admin"], ["eu"], "data-subject", ["eu"], true),
        (["data-subject"], ["eu"], "data-subject", ["us"], false),
        ([], [], "anyone", [], false),
    ])
    func matchesAudiences(_ roles: [String], _ tags: [String], _ role: String, _ contactTags: [String], _ expected: Bool) {
        #expect(AudienceSelector(roles: roles, tags: tags).matches(role: role, tags: contactTags) == expected)
    }

    @Test func parsesAnchors() throws {
        #expect(ObligationAnchor(parsing: "declared") == .declared)
        #expect(ObligationAnchor(parsing: "aware") == .aware)
        #expect(ObligationAnchor(parsing: "determined") == .determined)
        #expect(ObligationAnchor(parsing: "fulfilled:incident-notification") == .fulfilled("incident-notification"))
        #expect(ObligationAnchor(parsing: "fulfilled:") == nil)
        #expect(ObligationAnchor(parsing: "detected") == nil)
        #expect(ObligationAnchor(parsing: "Declared") == nil)
        let data = try JSONEncoder().encode([ObligationAnchor.fulfilled("x"), .aware])
        #expect(String(decoding: data, as: UTF8.self) == #"["fulfilled:x","aware"]"#)
    }

    @Test(arguments: [("data-breach", true), ("a", true), ("9lives", true), ("Data", false), ("-x", false),
                      ("a_b", false), ("", false), ("é", false), (String(repeating: "a", count: 65), false)])
    func validatesIdentifiers(_ text: String, _ valid: Bool) {
        #expect(PlaybookIdentifier.isValid(text) == valid)
    }
}

import BreachKit
import Foundation
import Testing

/// Issue 18: a 145 KB playbook of aliases over a 20 000-entry list hung `playbook validate` and `detect`.
@Suite("Playbooks: YAML is bounded before it is walked")
struct YAMLBudgetTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz/yaml")

    func timed<T>(_ body: () throws -> T) rethrows -> (T, TimeInterval) {
        let start = Date()
        let value = try body()
        return (value, Date().timeIntervalSince(start))
    }

    @Test func theAliasBombIsRefusedQuicklyNamingTheList() throws {
        let yaml = try String(contentsOf: Self.corpus.appendingPathComponent("regression-roles-alias-bomb.yml"), encoding: .utf8)
        #expect(yaml.utf8.count > 140_000)
        let (result, seconds) = timed { PlaybookLoader.check(yaml: yaml, fileName: "bomb.yml") }
        #expect(seconds < 2, "took \(seconds) s")
        #expect(result.playbook == nil)
        #expect(result.errors.first?.code == .tooComplex && result.errors.first?.message.contains("20000 entries") == true, "\(result.errors)")
    }

    @Test func nestedAliasesAreRefusedWhenTheirExpansionPassesTheBudget() throws {
        for name in ["regression-billion-laughs.yml", "regression-config-laughs.yml"] {
            let yaml = try String(contentsOf: Self.corpus.appendingPathComponent(name), encoding: .utf8)
            let (result, seconds) = timed { PlaybookLoader.check(yaml: yaml, fileName: name) }
            #expect(seconds < 2 && result.errors.first?.code == .tooComplex, "\(name): \(seconds) s, \(result.errors)")
            let (config, configSeconds) = timed { Result { try BreachConfiguration.parse(yaml, fileName: name) } }
            #expect(configSeconds < 2, "\(name) as config: \(configSeconds) s")
            if case let .failure(error) = config { #expect("\(error)".contains("expands to more than")) } else { Issue.record("\(name) accepted as config") }
        }
    }

    @Test func validationIsLinearInTheListLength() throws {
        // 40 obligations sharing a 900-role list (36 000 roles in all): accepted, and fast.
        let yaml = try String(contentsOf: Self.corpus.appendingPathComponent("wide-roles-aliased.yml"), encoding: .utf8)
        let (result, seconds) = timed { PlaybookLoader.check(yaml: yaml, fileName: "wide.yml") }
        #expect(seconds < 2, "took \(seconds) s")
        #expect(result.playbook?.obligations.count == 40, "\(result.errors)")
        #expect(result.playbook?.obligations.first?.audience.roles.count == 900)
    }
}

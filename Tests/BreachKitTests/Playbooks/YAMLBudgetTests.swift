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
        #expect(seconds < 10, "took \(seconds) s")
        #expect(result.playbook == nil)
        #expect(result.errors.first?.code == .tooComplex && result.errors.first?.message.contains("20000 entries") == true, "\(result.errors)")
    }

    @Test func nestedAliasesAreRefusedWhenTheirExpansionPassesTheBudget() throws {
        // The third is the fuzzer's: nested aliases as the key of a mapping, which Yams hashed over their
        // whole expansion while composing, before any walk of the tree could bound it.
        for name in ["regression-billion-laughs.yml", "regression-config-laughs.yml", "regression-complex-key-laughs.yml"] {
            let yaml = try String(contentsOf: Self.corpus.appendingPathComponent(name), encoding: .utf8)
            let (result, seconds) = timed { PlaybookLoader.check(yaml: yaml, fileName: name) }
            #expect(seconds < 10 && result.errors.first?.code == .tooComplex, "\(name): \(seconds) s, \(result.errors)")
            let (config, configSeconds) = timed { Result { try BreachConfiguration.parse(yaml, fileName: name) } }
            #expect(configSeconds < 10, "\(name) as config: \(configSeconds) s")
            if case let .failure(error) = config { #expect("\(error)".contains("expands to more than")) } else { Issue.record("\(name) accepted as config") }
        }
    }

    /// The fuzzer's second hang: keys that are lists and mappings, nested a few dozen deep, no alias at all.
    /// Yams hashed and compared each key's subtree while composing: 2 KB took over two minutes.
    @Test func collectionsAsMappingKeysAreRefusedBeforeComposing() throws {
        let name = "regression-nested-complex-keys.yml"
        // As the fuzzer found it, with bytes that are not UTF-8 (read as the fuzz target reads them).
        let yaml = String(decoding: try Data(contentsOf: Self.corpus.appendingPathComponent(name)), as: UTF8.self)
        let (result, seconds) = timed { PlaybookLoader.check(yaml: yaml, fileName: name) }
        #expect(seconds < 5 && result.errors.first?.code == .tooComplex, "\(seconds) s, \(result.errors)")
        let (config, configSeconds) = timed { Result { try BreachConfiguration.parse(yaml, fileName: name) } }
        #expect(configSeconds < 5, "as config: \(configSeconds) s")
        if case let .failure(error) = config { #expect("\(error)".contains("keys are names")) } else { Issue.record("accepted as config") }
        // Where: the first key that is a collection.
        #expect(YAMLBudget.problem(beforeComposing: "a: 1\n? [x, y]\n: 2\n")?.line == 2)
        #expect(YAMLBudget.problem(beforeComposing: "a: &l [1, 2]\n? *l\n: 2\n")?.message.contains("keys are names") == true)
        // Lists and mappings as values, explicit scalar keys and aliases of scalars as keys are fine.
        #expect(YAMLBudget.problem(beforeComposing: "a: [1, {b: [2]}]\n? c\n: 3\nd: &n x\n*n : 4\n") == nil)
    }

    @Test func validationIsLinearInTheListLength() throws {
        // 40 obligations sharing a 900-role list (36 000 roles in all): accepted, and fast.
        let yaml = try String(contentsOf: Self.corpus.appendingPathComponent("wide-roles-aliased.yml"), encoding: .utf8)
        let (result, seconds) = timed { PlaybookLoader.check(yaml: yaml, fileName: "wide.yml") }
        #expect(seconds < 10, "took \(seconds) s")
        #expect(result.playbook?.obligations.count == 40, "\(result.errors)")
        #expect(result.playbook?.obligations.first?.audience.roles.count == 900)
    }

    @Test func theExpansionIsCountedFromTheTextWithItsLine() throws {
        let yaml = try String(contentsOf: Self.corpus.appendingPathComponent("regression-complex-key-laughs.yml"), encoding: .utf8)
        let (problem, seconds) = timed { YAMLBudget.problem(beforeComposing: yaml) }
        #expect(seconds < 5, "took \(seconds) s")
        // x4 (line 5) is the first list past 100 000 values: its tenth alias of x3 (11 111 each) crosses it.
        #expect(problem?.line == 5, "\(String(describing: problem))")
        // Aliases within the budget, a scalar anchor and malformed YAML pass the text check.
        #expect(YAMLBudget.problem(beforeComposing: "a: &a [1, 2]\nb: [*a, *a]\nc: &c x\nd: *c\n") == nil)
        #expect(YAMLBudget.problem(beforeComposing: "a: [1, 2\n") == nil)
    }
}

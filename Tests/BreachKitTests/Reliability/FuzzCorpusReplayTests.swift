@testable import BreachKit
import Foundation
import Testing

/// Replays the fuzz corpora (Fixtures/fuzz/<target>/: seeds and every input that once crashed) through
/// the parsers in the normal suite, so a fixed crash stays fixed without running libFuzzer (scripts/fuzz).
@Suite("Reliability: fuzz corpus replay")
struct FuzzCorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    static func inputs(_ target: String) -> [String] {
        let folder = corpus.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: ["playbook", "csv", "rfc3339", "json", "email", "yaml"])
    func everyCorpusInputIsHandledWithoutCrashing(_ target: String) throws {
        let inputs = Self.inputs(target)
        #expect(!inputs.isEmpty, "no corpus for \(target)")
        for text in inputs {
            switch target {
            case "playbook": _ = try? PlaybookLoader.load(yaml: text, fileName: "corpus.yml")
            case "csv": _ = try? ContactCSVImport.parse(text: text, fileName: "corpus.csv")
            case "rfc3339":
                if let date = RFC3339.parse(text) { #expect(RFC3339.parse(RFC3339.format(date)) != nil, "\(text)") }
            case "yaml":
                // Issue 18: alias bombs and huge lists are refused within a time budget, as playbook and as config.
                let start = Date()
                let playbook = PlaybookLoader.check(yaml: text, fileName: "corpus.yml")
                _ = try? BreachConfiguration.parse(text, fileName: "corpus.yml")
                // 10 s, not a tight bound: the hangs this catches took minutes, and a loaded CI machine is slow.
                #expect(Date().timeIntervalSince(start) < 10, "\(text.utf8.count)-byte input took \(Date().timeIntervalSince(start)) s")
                if text.contains("regression-") || text.utf8.count > 100_000 || text.contains("&a8") {
                    #expect(playbook.playbook == nil)
                }

                if let value = try? JSONValue.parse(text) { #expect((try? JSONValue.parse(value.serialized())) == value, "\(text)") }
            default:
                let fields = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init) + Array(repeating: "", count: 5)
                _ = try? EmailMessage(id: fields[0], from: fields[1], to: fields[2].split(separator: ",").map(String.init), subject: fields[3],
                                      body: fields[4], date: Date(timeIntervalSince1970: 0)).render()
            }
        }
    }

    @Test func aFractionOfNinesNeverCarriesIntoTheNextSecond() {
        // Found by the fuzz harness (its round-trip check, on a seed): twenty 9s rounded up to year 10000, which no RFC 3339 text can express.
        let date = RFC3339.parse("9999-12-31T23:59:59.9999999999999999999Z")
        #expect(date.map(RFC3339.format) == "9999-12-31T23:59:59Z")
        #expect(RFC3339.parse("2026-11-28T09:12:00.999999999999Z").map(RFC3339.format) == "2026-11-28T09:12:00Z")
    }

    @Test func aDuplicateKeyInACRLFPlaybookIsReportedNotACrash() throws {
        // Found by fuzzing: the reporter split lines on "\n" only, so the repeated key's line was out of range.
        let errors = PlaybookValidator.validate(path: Self.corpus.appendingPathComponent("playbook/regression-crlf-duplicate-key.yml").path)
        #expect(errors.map(\.line) == [3])
        #expect(errors.first?.message.contains("appears more than once") == true)
    }

    @Test func aNumberBeyondDoubleIsRefusedNotTurnedIntoNull() {
        // Found by fuzzing (round-trip check): -123e56131756789 parsed as -infinity and serialised as null.
        #expect((try? JSONValue.parse("-123e561317567890")) == nil)
        #expect((try? JSONValue.parse("[1e400]")) == nil)
        #expect((try? JSONValue.parse("1e308")) != nil)
    }

    @Test func anOffsetCannotPushATimeOutOfYears0000To9999() {
        // Found by the same round-trip check: these formatted as "00-1-12-31T23:59:00Z" and "10000-01-01T00:00:59Z".
        #expect(RFC3339.parse("0000-01-01T00:00:00+00:01") == nil)
        #expect(RFC3339.parse("9999-12-31T23:59:59-00:01") == nil)
        #expect(RFC3339.parse("0000-01-01T00:00:00Z").map(RFC3339.format) == "0000-01-01T00:00:00Z")
        #expect(RFC3339.parse("9999-12-31T23:59:59+00:00").map(RFC3339.format) == "9999-12-31T23:59:59Z")
    }
}

import BreachKit
import Foundation
import Testing

/// Each file in `Fixtures/playbooks-broken/` has one deliberate mistake; the validator must name it,
/// with the right code and line.
@Suite struct BrokenPlaybookTests {
    /// A fixture and the one error it must produce.
    struct Expectation: CustomTestStringConvertible, Sendable {
        let file: String
        let code: PlaybookError.Code
        let line: Int
        let column: Int
        let says: String
        var testDescription: String { "\(file) → \(code) at \(line):\(column)" }
    }

    static let expectations: [Expectation] = [
        .init(file: "bad-yaml.yml", code: .malformedYAML, line: 9, column: 6, says: "indentation"),
        .init(file: "duplicate-yaml-key.yml", code: .malformedYAML, line: 4, column: 1, says: "'title' appears more than once"),
        .init(file: "unknown-key.yml", code: .unknownKey, line: 15, column: 5, says: "did you mean 'title'?"),
        .init(file: "missing-key.yml", code: .missingKey, line: 14, column: 5, says: "obligation 'authority' is missing 'duration'"),
        .init(file: "not-a-bool.yml", code: .wrongType, line: 9, column: 17, says: "true or false"),
        .init(file: "invalid-id.yml", code: .invalidID, line: 7, column: 11, says: "e.g. 'triage-alert'"),
        .init(file: "unknown-stage.yml", code: .unknownStage, line: 10, column: 3, says: "unknown stage 'investigate'"),
        .init(file: "closed-checklist.yml", code: .unknownStage, line: 10, column: 3, says: "put the items under stabilize"),
        .init(file: "duplicate-item-ids.yml", code: .duplicateID, line: 11, column: 11, says: "already used on line 7"),
        .init(file: "duplicate-obligation-ids.yml", code: .duplicateID, line: 28, column: 9, says: "already used on line 14"),
        .init(file: "unknown-anchor.yml", code: .unknownAnchor, line: 20, column: 13, says: "unknown anchor 'detected'"),
        .init(file: "fulfilled-unknown.yml", code: .unknownObligation, line: 20, column: 13, says: "'fulfilled:final-report' names no obligation"),
        .init(file: "fulfilled-self.yml", code: .anchorCycle, line: 20, column: 13, says: "its own fulfilment"),
        .init(file: "fulfilled-cycle.yml", code: .anchorCycle, line: 20, column: 13, says: "authority → subjects → authority"),
        .init(file: "negative-duration.yml", code: .invalidDuration, line: 21, column: 15, says: "'-72h' is negative"),
        .init(file: "zero-duration.yml", code: .invalidDuration, line: 21, column: 15, says: "'0h' is zero"),
        .init(file: "fractional-duration.yml", code: .invalidDuration, line: 21, column: 15, says: "fractional"),
        .init(file: "unknown-unit.yml", code: .invalidDuration, line: 21, column: 15, says: "'w' in '2w' is not a unit"),
        .init(file: "missing-unit.yml", code: .invalidDuration, line: 21, column: 15, says: "'72' has no unit"),
        .init(file: "bad-threshold.yml", code: .invalidThreshold, line: 22, column: 34, says: "'0h' is zero"),
        .init(file: "threshold-too-long.yml", code: .invalidThreshold, line: 22, column: 29, says: "not shorter than the duration 72h"),
        .init(file: "unknown-channel.yml", code: .unknownChannel, line: 19, column: 23, says: "unknown channel 'sms'"),
        .init(file: "empty-audience.yml", code: .emptyAudience, line: 16, column: 5, says: "would match every contact"),
        .init(file: "unknown-scope.yml", code: .unknownScope, line: 18, column: 14, says: "unknown audience scope 'everyone'"),
        .init(file: "template-syntax.yml", code: .templateSyntax, line: 27, column: 9, says: "{{#summary}} is never closed"),
        .init(file: "unknown-template-variable.yml", code: .templateSyntax, line: 27, column: 9, says: "did you mean 'incident_title'?"),
        .init(file: "multi-line-subject.yml", code: .templateSyntax, line: 24, column: 16, says: "subject spans several lines"),
        .init(file: "bad-holiday.yml", code: .invalidHoliday, line: 30, column: 5, says: "'2026-02-30' is not a calendar date"),
        .init(file: "file-name-mismatch.yml", code: .fileNameMismatch, line: 2, column: 5, says: "rename the file to another-name.yml"),
        // Issue 15: calendars, milestones, facts, end_of_day, met_when, earliest.
        .init(file: "unknown-calendar.yml", code: .unknownCalendar, line: 5, column: 11, says: "calendar 'no-such-calendar' is not in"),
        .init(file: "unknown-milestone.yml", code: .unknownMilestone, line: 20, column: 13, says: "milestone 'ransom-paid', which the playbook does not list"),
        .init(file: "unknown-fact.yml", code: .unknownFact, line: 22, column: 22, says: "requires_facts names 'dpo_contact', which is not declared"),
        .init(file: "end-of-day-without-calendar.yml", code: .unknownCalendar, line: 22, column: 17, says: "end_of_day needs a calendar"),
        .init(file: "bad-met-when.yml", code: .wrongType, line: 22, column: 15, says: "met_when 'last' is not known"),
        .init(file: "earliest-one-term.yml", code: .missingKey, line: 21, column: 7, says: "earliest needs at least two terms"),
    ]

    @Test(arguments: expectations)
    func reportsTheMistakeAtItsLine(_ expected: Expectation) throws {
        let url = PlaybookTestPaths.brokenPlaybooks.appendingPathComponent(expected.file)
        let errors = PlaybookValidator.validate(path: url.path)
        try #require(errors.count == 1, "\(errors.map(\.description))")
        let error = errors[0]
        #expect(error.code == expected.code)
        #expect(error.line == expected.line)
        #expect(error.column == expected.column)
        #expect(error.message.contains(expected.says), "\(error.message)")
        #expect(error.file.hasSuffix(expected.file))
        #expect(error.description.hasPrefix("\(url.path):\(expected.line):\(expected.column): "))
        #expect(throws: PlaybookErrorList.self) { try PlaybookLoader.load(contentsOf: url) }
    }

    @Test func reportsEveryMistakeOfAFileInLineOrder() {
        let url = PlaybookTestPaths.brokenPlaybooks.appendingPathComponent("several-errors.yml")
        let errors = PlaybookValidator.validate(path: url.path)
        #expect(errors.map(\.code) == [.unknownKey, .unknownChannel, .invalidDuration])
        #expect(errors.map(\.line) == [15, 19, 21])
    }

    @Test func everyFixtureHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: PlaybookTestPaths.brokenPlaybooks.path)
            .filter { $0.hasSuffix(".yml") }
        let covered = Set(Self.expectations.map(\.file) + ["several-errors.yml"])
        #expect(Set(files) == covered)
    }

    @Test func validatingTheFolderReportsEveryFile() {
        let errors = PlaybookValidator.validate(path: PlaybookTestPaths.brokenPlaybooks.path)
        #expect(Set(errors.map { URL(fileURLWithPath: $0.file).lastPathComponent }).count == Self.expectations.count + 1)
        #expect(errors.count == Self.expectations.count + 3)
    }
}

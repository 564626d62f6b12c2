import Foundation
import Testing
@testable import BreachDomain

@Suite("decide: detect")
struct DetectDecisionTests {
    @Test func opensAnIncidentWithTheCleanedTitle() throws {
        // Given no incident yet
        // When a title with surrounding spaces is detected
        let events = try decide(.detect(title: "  Leaked S3 bucket \n", kind: "data-breach", severity: .critical, summary: " public ACL "),
                                on: nil)
        // Then one detected event carries the trimmed values
        #expect(events == [.detected(title: "Leaked S3 bucket", kind: "data-breach", severity: .critical, summary: "public ACL")])
    }

    @Test(arguments: ["", "   ", "\n\t"])
    func refusesAnEmptyTitle(_ title: String) {
        expectRefusal(.invalidInput, mentioning: "title", "empty") {
            _ = try decide(.detect(title: title, kind: "data-breach", severity: .low, summary: nil), on: nil)
        }
    }

    @Test func acceptsTheLongestTitleAndRefusesOneMore() throws {
        // Given titles at and just over the limit
        let longest = String(repeating: "x", count: TextRules.maxTitleLength)
        // When / Then the limit is accepted and one more character is refused, naming the limit
        #expect(try decide(.detect(title: longest, kind: "k", severity: .low, summary: nil), on: nil).count == 1)
        expectRefusal(.invalidInput, mentioning: "title", "\(TextRules.maxTitleLength)") {
            _ = try decide(.detect(title: longest + "x", kind: "k", severity: .low, summary: nil), on: nil)
        }
    }

    @Test(arguments: ["two\nlines", "bell\u{07}", "escape\u{1B}[31m", "del\u{7F}", "c1\u{85}", "separator\u{2028}"])
    func refusesControlCharactersInTheTitle(_ title: String) {
        expectRefusal(.invalidInput, mentioning: "title", "control characters") {
            _ = try decide(.detect(title: title, kind: "k", severity: .low, summary: nil), on: nil)
        }
    }

    @Test func refusesAnOversizedSummary() {
        let summary = String(repeating: "s", count: TextRules.maxTextBytes + 1)
        expectRefusal(.invalidInput, mentioning: "summary", "bytes") {
            _ = try decide(.detect(title: "t", kind: "k", severity: .low, summary: summary), on: nil)
        }
    }

    @Test func refusesToDetectAnExistingIncident() {
        expectRefusal(.refused, mentioning: "already exists") {
            _ = try decide(.detect(title: "t", kind: "k", severity: .low, summary: nil), on: Sample.incident())
        }
    }

    @Test func refusesOtherCommandsWithoutAnIncident() {
        expectRefusal(.notFound) { _ = try decide(.note("hello"), on: nil) }
    }
}

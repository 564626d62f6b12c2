@testable import BreachKit
import Testing

/// "Did you mean …?" stays the closest candidate, and a long misspelt key costs no more than its length.
@Suite("Playbooks: suggestions for misspelt keys")
struct PlaybookSuggestionTests {
    @Test func theClosestCandidateWithinTheLimitIsSuggested() {
        #expect(PlaybookSuggestion.closest(to: "titel", in: ["title", "severity", "roles"]) == "title")
        #expect(PlaybookSuggestion.closest(to: "SEVERTY", in: ["title", "severity"]) == "severity")
        #expect(PlaybookSuggestion.closest(to: "zzzzzz", in: ["title", "severity"]) == nil)
        // Ties go to the name first in order, whatever the candidates' order.
        #expect(PlaybookSuggestion.closest(to: "ab", in: ["b", "a"]) == "a")
    }

    @Test func theBoundedDistanceAgreesWithTheFullOneWithinItsLimit() {
        let words = ["", "a", "title", "titel", "severity", "sevrity", "obligations", "notify_within", "kitten", "sitting"]
        for a in words {
            for b in words {
                let full = PlaybookSuggestion.distance(a, b)
                for limit in 0...6 {
                    let bounded = PlaybookSuggestion.distance(Array(a), Array(b), atMost: limit)
                    #expect(bounded == (full <= limit ? full : nil), "\(a) / \(b) within \(limit)")
                }
            }
        }
    }

    /// A fuzzer's 4,000-character key was compared in full with every allowed key (issue 18's time budget):
    /// lengths further apart than the limit are refused before any table is filled.
    @Test func aWordFarLongerThanEveryCandidateIsRefusedWithoutComparingIt() {
        let long = Array(String(repeating: "x", count: 4_000))
        #expect(PlaybookSuggestion.distance(long, Array("title"), atMost: 1_333) == nil)
        #expect(PlaybookSuggestion.closest(to: String(long), in: ["title", "severity"]) == nil)
        // Equal lengths, all different: the walk stops once a whole row is past the limit.
        #expect(PlaybookSuggestion.distance(Array("abcdefgh"), Array("stuvwxyz"), atMost: 2) == nil)
    }
}

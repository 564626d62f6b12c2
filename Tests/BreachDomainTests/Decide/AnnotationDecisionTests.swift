import Foundation
import Testing
@testable import BreachDomain

@Suite("decide: note, assign, reopen")
struct AnnotationDecisionTests {
    @Test func addsATrimmedNoteKeepingNewlinesAndTabs() throws {
        #expect(try decide(.note("  rotated keys\n\tand tokens  "), on: Sample.incident()) == [.noteAdded(text: "rotated keys\n\tand tokens")])
    }

    @Test(arguments: ["", " \n "])
    func refusesAnEmptyNote(_ text: String) {
        expectRefusal(.invalidInput, mentioning: "note", "empty") { _ = try decide(.note(text), on: Sample.incident()) }
    }

    @Test func acceptsA64KiBNoteAndRefusesOneByteMore() throws {
        let limit = String(repeating: "n", count: 64 * 1024)
        #expect(try decide(.note(limit), on: Sample.incident()).count == 1)
        expectRefusal(.invalidInput, mentioning: "65537 bytes", "65536") { _ = try decide(.note(limit + "n"), on: Sample.incident()) }
    }

    @Test func countsTheNoteLimitInBytesNotCharacters() {
        let note = String(repeating: "é", count: 32 * 1024 + 1)
        expectRefusal(.invalidInput, mentioning: "bytes") { _ = try decide(.note(note), on: Sample.incident()) }
    }

    @Test func refusesControlCharactersInANote() {
        expectRefusal(.invalidInput, mentioning: "control characters") { _ = try decide(.note("beep\u{07}"), on: Sample.incident()) }
    }

    @Test func assignsAndRefusesTheSameAssigneeAgain() throws {
        #expect(try decide(.assign(" alice "), on: Sample.incident()) == [.assigned(assignee: "alice")])
        let assigned = Sample.incident((.assigned(assignee: "alice"), 1))
        expectRefusal(.refused, mentioning: "already assigned to alice") { _ = try decide(.assign("alice"), on: assigned) }
        #expect(try decide(.assign("bob"), on: assigned) == [.assigned(assignee: "bob")])
    }

    @Test func refusesAnEmptyAssigneeAndAClosedIncident() {
        expectRefusal(.invalidInput, mentioning: "assignee") { _ = try decide(.assign(""), on: Sample.incident()) }
        expectRefusal(.refused, mentioning: "closed") { _ = try decide(.assign("bob"), on: Sample.incident(in: .closed)) }
    }

    @Test func reopensAClosedIncident() throws {
        let events = try decide(.reopen(to: .diagnose, reason: "second exfiltration path"), on: Sample.incident(in: .closed))
        #expect(events == [.reopened(to: .diagnose, reason: "second exfiltration path")])
    }

    @Test func reopensOnlyFromClosed() {
        expectRefusal(.refused, mentioning: "not closed", "stabilize") {
            _ = try decide(.reopen(to: .assess, reason: "r"), on: Sample.incident(in: .stabilize))
        }
    }

    @Test func refusesToReopenIntoClosed() {
        expectRefusal(.invalidInput, mentioning: "other than closed") {
            _ = try decide(.reopen(to: .closed, reason: "r"), on: Sample.incident(in: .closed))
        }
    }

    @Test func refusesToReopenWithoutAReason() {
        expectRefusal(.invalidInput, mentioning: "reason") { _ = try decide(.reopen(to: .assess, reason: "  "), on: Sample.incident(in: .closed)) }
    }

    @Test func linksOnlyNewContactsOnce() throws {
        let incident = Sample.incident((.contactLinked(contactID: "dpa"), 1))
        #expect(try decide(.affect(contactIDs: ["dpa", "acme", "acme"]), on: incident) == [.contactLinked(contactID: "acme")])
        expectRefusal(.refused, mentioning: "already linked") { _ = try decide(.affect(contactIDs: ["dpa"]), on: incident) }
    }
}

import BreachDomain
@testable import BreachKit
import Foundation
import Testing

/// The timeline's one-line summaries, word for word: they are stored, so a rebuild must write exactly
/// what the append path wrote.
@Suite("Timeline summaries")
struct TimelineSummaryTests {
    static let at = RFC3339.parse("2026-03-01T12:30:00Z")!
    static let longNote = String(repeating: "é", count: 110) + "\nüñîçødé and more words past the cut"
    static let snapshot = ObligationSnapshot(id: "o", title: "O", audienceText: nil, anchor: nil, channels: [], dueAt: nil,
                                             escalationThresholds: [], holidays: [], rule: nil)

    static let cases: [(IncidentEvent, String)] = [
        (.detected(title: "Laptop \"lost\"", kind: "data-breach", severity: .high, summary: "ignored"),
         #"detected "Laptop "lost"" (data-breach, high)"#),
        (.stageAdvanced(from: .detect, to: .assess, reason: nil, forced: false), "advanced detect → assess"),
        (.stageAdvanced(from: .assess, to: .closed, reason: "done", forced: true), "advanced assess → closed (forced): done"),
        (.stageAdvanced(from: .assess, to: .diagnose, reason: "", forced: false), "advanced assess → diagnose: "),
        (.checklistItemChecked(stage: .stabilize, item: "rotate-keys"), "checked stabilize/rotate-keys"),
        (.declared(awareAt: at, reason: nil, obligations: [Self.snapshot]), "declared (aware at 2026-03-01T12:30:00Z; 1 obligation)"),
        (.declared(awareAt: at, reason: "PII", obligations: []), "declared (aware at 2026-03-01T12:30:00Z; 0 obligations): PII"),
        (.declared(awareAt: at, reason: nil, obligations: [Self.snapshot, Self.snapshot, Self.snapshot]), "declared (aware at 2026-03-01T12:30:00Z; 3 obligations)"),
        (.materialityDetermined(at: at), "materiality determined at 2026-03-01T12:30:00Z"),
        (.noteAdded(text: "first look"), "note: first look"),
        (.noteAdded(text: "two\nlines\r\nand CR LF"), "note: two lines\r and CR LF"),
        (.noteAdded(text: String(repeating: "x", count: 120)), "note: " + String(repeating: "x", count: 120)),
        (.noteAdded(text: String(repeating: "x", count: 121)), "note: " + String(repeating: "x", count: 117) + "..."),
        // 120 characters but more bytes: not cut.
        (.noteAdded(text: String(repeating: "é", count: 120)), "note: " + String(repeating: "é", count: 120)),
        (.noteAdded(text: longNote), "note: " + String(repeating: "é", count: 110) + " üñîçød..."),
        (.noteAdded(text: ""), "note: "),
        (.assigned(assignee: "alice"), "assigned to alice"),
        (.contactLinked(contactID: "cust-admin-16"), "linked contact cust-admin-16"),
        (.obligationWaived(obligationID: "gdpr-72h", reason: "not personal data"), "waived gdpr-72h: not personal data"),
        (.deadlineWarning(obligationID: "gdpr-72h", thresholdSeconds: 21_600, dueAt: at),
         "warning: gdpr-72h due in 6h (at 2026-03-01T12:30:00Z)"),
        (.deadlineWarning(obligationID: "x", thresholdSeconds: 5_399, dueAt: at), "warning: x due in 1h (at 2026-03-01T12:30:00Z)"),
        (.deadlineMissed(obligationID: "gdpr-72h", dueAt: at), "MISSED deadline of gdpr-72h (due 2026-03-01T12:30:00Z)"),
        (.notificationQueued(.object([("notification_id", .string("n-1")), ("channel", .string("email")), ("contact_id", .string("c-1")),
                                      ("obligation_id", .string("o-1"))])),
         "queued email to c-1 for o-1"),
        (.notificationAttempted(.object([("attempt", .int(2)), ("notification_id", .string("n-1")), ("receipt", .string("timeout"))])),
         "attempt 2 of n-1 failed, will retry: timeout"),
        (.notificationAttempted(.object([("attempt", .double(3)), ("notification_id", .string("n-2"))])), "attempt 3 of n-2 failed, will retry: "),
        (.notificationAttempted(.object([("notification_id", .string("n-3"))])), "attempt 0 of n-3 failed, will retry: "),
        (.notificationDelivered(.object([("notification_id", .string("n-1")), ("receipt", .string("250 2.0.0 Ok"))])),
         "delivered n-1: 250 2.0.0 Ok"),
        (.notificationDelivered(.object([("notification_id", .string("n-1"))])), "delivered n-1: "),
        (.notificationFailed(.object([("notification_id", .string("n-1")), ("receipt", .string("HTTP 500"))])), "FAILED n-1: HTTP 500"),
        (.closed(resolution: "contained"), "closed: contained"),
        (.reopened(to: .diagnose, reason: "new evidence — again"), "reopened to diagnose: new evidence — again"),
    ]

    @Test func describesEachEventWordForWord() {
        for (event, expected) in Self.cases {
            #expect(TimelineEntry.summary(of: event) == expected, "\(event)")
        }
    }

    @Test func coversEveryEventType() {
        #expect(Set(Self.cases.map(\.0.type)).count == 17)
    }

    @Test func joinsPartsOfAnyLengthAndScript() {
        #expect(TimelineEntry.joined() == "")
        #expect(TimelineEntry.joined("", "") == "")
        #expect(TimelineEntry.joined("a", "", "bc") == "abc")
        let long = String(repeating: "long part ", count: 20)
        #expect(TimelineEntry.joined(long, "→", "東京", "😀", long) == long + "→東京😀" + long)
        #expect(TimelineEntry.joined("short", " and ", long).utf8.count == 10 + long.utf8.count)
    }

    @Test func aNoteIsLongPast120Characters() {
        #expect(!TimelineEntry.isLongNote(String(repeating: "x", count: 120)))
        #expect(TimelineEntry.isLongNote(String(repeating: "x", count: 121)))
        #expect(!TimelineEntry.isLongNote(String(repeating: "😀", count: 120)))
        #expect(TimelineEntry.isLongNote(String(repeating: "😀", count: 121)))
        #expect(!TimelineEntry.isLongNote(String(repeating: "e\u{301}", count: 100)))
    }
}

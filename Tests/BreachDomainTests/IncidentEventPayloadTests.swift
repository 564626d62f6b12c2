import Foundation
import Testing
@testable import BreachDomain
import BreachTestSupport

@Suite("IncidentEvent payloads")
struct IncidentEventPayloadTests {
    private static let notification: JSONValue = .object([
        ("notification_id", .string("INC-1/notify-dpa/dpa/email")), ("obligation_id", .string("notify-dpa")),
        ("contact_id", .string("dpa")), ("channel", .string("email")), ("attempt", .int(2)), ("receipt", .string("250 OK")),
    ])

    /// One of every event type, with optional fields both set and unset.
    static let everyEvent: [IncidentEvent] = [
        .detected(title: "Leaked \"bucket\"", kind: "data-breach", severity: .critical, summary: "ACL\nchanged"),
        .detected(title: "t", kind: "k", severity: .low, summary: nil),
        .stageAdvanced(from: .detect, to: .diagnose, reason: "skip", forced: true),
        .stageAdvanced(from: .assess, to: .diagnose, reason: nil, forced: false),
        .checklistItemChecked(stage: .assess, item: "scope"),
        .declared(awareAt: TestTime.at(1), reason: "PII", obligations: FakePlaybook.standard.obligationSnapshots(
            declaredAt: TestTime.at(2), awareAt: TestTime.at(1), determinedAt: nil)),
        .declared(awareAt: TestTime.at(1), reason: nil, obligations: []),
        .materialityDetermined(at: TestTime.at(30)),
        .noteAdded(text: "rotated keys — all of them 🔑"),
        .assigned(assignee: "alice"),
        .contactLinked(contactID: "acme"),
        .obligationWaived(obligationID: "sec-8k", reason: "not material"),
        .deadlineWarning(obligationID: "notify-dpa", thresholdSeconds: 21_600, dueAt: TestTime.at(73)),
        .deadlineMissed(obligationID: "notify-dpa", dueAt: TestTime.at(73)),
        .notificationQueued(notification),
        .notificationAttempted(notification.setting("next_attempt_at", to: .time(TestTime.at(5)))),
        .notificationDelivered(notification),
        .notificationFailed(notification.setting("error", to: .string("550 no such user"))),
        .closed(resolution: "contained"),
        .reopened(to: .assess, reason: "new evidence"),
    ]

    @Test func everyEventTypeIsCovered() {
        #expect(Set(Self.everyEvent.map(\.type)).count == 17)
    }

    @Test(arguments: everyEvent)
    func payloadDecodesToTheSameEvent(_ event: IncidentEvent) throws {
        #expect(try IncidentEvent(type: event.type, payload: event.payload) == event)
    }

    @Test(arguments: everyEvent)
    func storedTextDecodesToTheSameEvent(_ event: IncidentEvent) throws {
        let stored = try JSONValue.parse(event.payload.serialized())
        #expect(try IncidentEvent(type: event.type, payload: stored) == event)
    }

    @Test func refusesAnUnknownType() {
        let error = #expect(throws: EventDecodingError.self) { try IncidentEvent(type: "incident.teleported", payload: .object([])) }
        #expect(error?.description.contains("unknown event type") == true)
    }

    @Test func namesTheMissingOrMalformedField() {
        let error = #expect(throws: EventDecodingError.self) {
            try IncidentEvent(type: "incident.stage_advanced", payload: .object([("from", .string("detect")), ("to", .string("nowhere"))]))
        }
        #expect(error?.description.contains("'to'") == true)
        #expect(throws: EventDecodingError.self) {
            try IncidentEvent(type: "incident.declared", payload: .object([("aware_at", .string("yesterday"))]))
        }
    }
}

extension IncidentEvent: CustomTestStringConvertible {
    public var testDescription: String { type }
}

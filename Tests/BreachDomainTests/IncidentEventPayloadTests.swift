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
        .notificationQueued(notification.queued),
        .notificationAttempted(notification.setting("next_attempt_at", to: .time(TestTime.at(5))).attempt),
        .notificationDelivered(notification.attempt),
        .notificationFailed(notification.setting("error", to: .string("550 no such user")).attempt),
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

    /// Notification payloads are typed like every other event's: a malformed one is refused with its field
    /// named, instead of being folded as a notification with no id.
    @Test(arguments: [
        ("notification.queued", JSONValue.object([("channel", .int(3))]), "'notification_id'"),
        ("notification.queued", .object([("notification_id", .string("n")), ("obligation_id", .string("o")),
                                         ("contact_id", .string("c")), ("channel", .string("pigeon"))]), "'channel'"),
        ("notification.attempted", .null, "'notification_id'"),
        ("notification.delivered", .object([]), "'notification_id'"),
        ("notification.failed", .array([]), "'notification_id'"),
        ("notification.attempted", .object([("notification_id", .string("n")), ("attempt", .string("two"))]), "'attempt'"),
        ("notification.attempted", .object([("notification_id", .string("n")), ("next_attempt_at", .string("soon"))]), "'next_attempt_at'"),
    ])
    func refusesAMalformedNotificationPayload(_ type: String, _ payload: JSONValue, _ field: String) {
        let error = #expect(throws: EventDecodingError.self) { try IncidentEvent(type: type, payload: payload) }
        #expect(error?.description.contains(field) == true, "\(error.map(String.init(describing:)) ?? "")")
    }

    /// The payload bytes of the outbox's events are what they were before the types: a log written by an
    /// older breach and one written now hash alike.
    @Test func outcomePayloadsKeepTheirStoredShape() {
        let retry = DeliveryAttempt(notificationID: "n", obligationID: "o", contactID: "c", channel: "webhook", attempt: 1,
                                    receipt: "HTTP/1.1 503", httpStatus: 503, durationMilliseconds: 12, error: "HTTP/1.1 503",
                                    nextAttemptAt: TestTime.at(1))
        #expect(retry.payload.serialized() == #"{"notification_id":"n","obligation_id":"o","contact_id":"c","channel":"webhook","attempt":1,"receipt":"HTTP/1.1 503","http_status":503,"smtp_code":null,"curl_code":null,"duration_ms":12,"error":"HTTP/1.1 503","next_attempt_at":"\#(RFC3339.format(TestTime.at(1)))"}"#)
        let queued = NotificationQueued(notificationID: "n", obligationID: "o", contactID: "c", channel: .email, destination: "a@b.example",
                                        subject: "s", body: "b")
        #expect(queued.payload.serialized() == #"{"notification_id":"n","obligation_id":"o","contact_id":"c","channel":"email","destination":"a@b.example","subject":"s","body":"b"}"#)
    }
}

extension IncidentEvent: CustomTestStringConvertible {
    public var testDescription: String { type }
}

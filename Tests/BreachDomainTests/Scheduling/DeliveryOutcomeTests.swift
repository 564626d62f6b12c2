import BreachTestSupport
import Foundation
import Testing
@testable import BreachDomain

/// What the outbox records of an attempt, decided without a database or a transport.
@Suite struct DeliveryOutcomeTests {
    /// The sample incident with n1 (notify-dpa, email to dpa) and n2 (notify-customers, webhook to acme) queued at hour 3.
    static let queued = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3),
                                        (Sample.queued("n2", for: "notify-customers", to: "acme", via: "webhook"), 3))

    func record(_ id: String, _ receipt: DeliveryReceipt, at hours: Double = 4) -> [IncidentEvent] {
        record(in: Self.queued, id, receipt, at: hours)
    }

    func record(in state: Incident, _ id: String, _ receipt: DeliveryReceipt, at hours: Double) -> [IncidentEvent] {
        Incident.recordDeliveries(state, results: [DeliveryResult(notificationID: id, receipt: receipt)], now: TestTime.at(hours))
    }

    @Test func anAcceptanceIsRecordedAsDeliveredWithItsEvidence() {
        let events = record("n1", DeliveryReceipt(outcome: .delivered, receipt: "220 hello\n250 2.0.0 Ok: queued", smtpCode: 250,
                                                  durationSeconds: 0.0125))
        guard case let .notificationDelivered(attempt)? = events.first else { Issue.record("\(events)"); return }
        #expect(attempt.receipt == "250 2.0.0 Ok: queued", "the SMTP reply to the end of DATA is the deciding line")
        #expect(attempt.attempt == 1 && attempt.smtpCode == 250 && attempt.durationMilliseconds == 13)
        #expect(attempt.error == nil && attempt.contactID == "dpa" && attempt.channel == "email")
    }

    /// Lines of only tabs and Unicode space separators are blank; a line with anything else is not.
    @Test func blankLinesAroundTheDecidingLineAreSkipped() {
        let email = record("n1", DeliveryReceipt(outcome: .delivered, receipt: "250 2.0.0 Ok: queued\n \t\u{3000}\u{A0}\n", smtpCode: 250))
        guard case let .notificationDelivered(attempt)? = email.first else { Issue.record("\(email)"); return }
        #expect(attempt.receipt == "250 2.0.0 Ok: queued")
        let marked = record("n1", DeliveryReceipt(outcome: .delivered, receipt: "250 Ok\n \u{301}", smtpCode: 250))
        guard case let .notificationDelivered(last)? = marked.first else { Issue.record("\(marked)"); return }
        #expect(last.receipt != "250 Ok", "a combining mark after a space is not blank")
    }

    @Test func aTransientAnswerIsRetriedWithBackoffHonouringRetryAfter() {
        let events = record("n2", DeliveryReceipt(outcome: .retry, receipt: "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 600",
                                                  httpStatus: 503, retryAfter: 600))
        guard case let .notificationAttempted(attempt)? = events.first else { Issue.record("\(events)"); return }
        #expect(attempt.receipt == "HTTP/1.1 503 Service Unavailable", "the status line is the deciding line")
        #expect(attempt.error == attempt.receipt)
        let delay = attempt.nextAttemptAt.map { $0.timeIntervalSince(TestTime.at(4)) } ?? 0
        #expect(delay == RetryPolicy.delay(afterAttempt: 1, notificationID: "n2", retryAfter: 600))
        #expect(delay >= 600)
    }

    @Test func theLastAllowedAttemptFailsForGood() {
        var steps: [(IncidentEvent, Double)] = [(Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3)]
        for attempt in 1..<RetryPolicy.maxAttempts {
            steps.append((.notificationAttempted(DeliveryAttempt(notificationID: "n1", attempt: attempt, receipt: "451 later",
                                                                 error: "451 later")), 3 + Double(attempt)))
        }
        let events = record(in: Sample.declared(steps), "n1", DeliveryReceipt(outcome: .retry, receipt: "451 4.3.0 later", smtpCode: 451), at: 40)
        guard case let .notificationFailed(attempt)? = events.first else { Issue.record("\(events)"); return }
        #expect(attempt.attempt == RetryPolicy.maxAttempts)
        #expect(attempt.receipt == "gave up after \(RetryPolicy.maxAttempts) attempts; last: 451 4.3.0 later")
    }

    @Test func aPermanentRefusalFailsAndEscalatesButAnEscalationNeverEscalates() {
        let failed = record("n2", DeliveryReceipt(outcome: .failed, receipt: "HTTP/1.1 410 Gone", httpStatus: 410))
        #expect(Incident.needsEscalation(failed))
        let oncall = Contact(id: "oncall", name: "On call", role: "escalation", email: "oncall@example.com")
        let alerts = Incident.escalateFailures(Self.queued, events: failed, recipients: [oncall])
        guard case let .notificationQueued(alert)? = alerts.first, alerts.count == 1 else { Issue.record("\(alerts)"); return }
        #expect(alert.notificationID == "INC-1.escalation.failed.n2.oncall.email")
        #expect(alert.body.contains("HTTP/1.1 410 Gone"))
        // And when the alert itself fails for good, nobody is alerted about the alert
        let withAlert = Sample.declared([(Sample.queued("n2", for: "notify-customers", to: "acme", via: "webhook"), 3), (.notificationQueued(alert), 4)])
        let alertFailed = record(in: withAlert, alert.notificationID, DeliveryReceipt(outcome: .failed, receipt: "550 no such user"), at: 5)
        #expect(!Incident.needsEscalation(alertFailed))
        #expect(Incident.escalateFailures(withAlert, events: alertFailed, recipients: [oncall]).isEmpty)
    }

    @Test func aResultForANotificationAnotherRunSettledIsDroppedButAnAcceptanceIsKept() {
        let delivered = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3), (Sample.delivered("n1", for: "notify-dpa"), 4))
        #expect(record(in: delivered, "n1", DeliveryReceipt(outcome: .delivered, receipt: "250 ok"), at: 5).isEmpty, "never delivered twice")
        let failed = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3),
                                     (.notificationFailed(DeliveryAttempt(notificationID: "n1", receipt: "550", error: "550")), 4))
        #expect(record(in: failed, "n1", DeliveryReceipt(outcome: .retry, receipt: "451"), at: 5).isEmpty)
        #expect(record(in: failed, "n1", DeliveryReceipt(outcome: .delivered, receipt: "250 ok"), at: 5).map(\.type) == ["notification.delivered"],
                "a server that accepted the message must not be reported as not having it")
        #expect(record("unknown", DeliveryReceipt(outcome: .delivered, receipt: "250")).isEmpty)
    }

    @Test func aLongReceiptIsBoundedAsEvidence() {
        let events = record("n2", DeliveryReceipt(outcome: .failed, receipt: "HTTP/1.1 400 " + String(repeating: "x", count: 2000)))
        guard case let .notificationFailed(attempt)? = events.first else { Issue.record("\(events)"); return }
        #expect(attempt.receipt?.count == ExternalText.maxLength + 1)
        #expect(attempt.receipt?.hasSuffix("…") == true)
    }

    @Test func aReceiverCannotWriteEscapeSequencesIntoTheEvidence() {
        let events = record("n2", DeliveryReceipt(outcome: .failed, receipt: "HTTP/1.1 400 \u{1B}[2Jgotcha"))
        guard case let .notificationFailed(attempt)? = events.first else { Issue.record("\(events)"); return }
        #expect(attempt.receipt == "HTTP/1.1 400 \\u{1b}[2Jgotcha")
    }
}

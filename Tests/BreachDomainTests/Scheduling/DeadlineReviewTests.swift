import BreachTestSupport
import Foundation
import Testing
@testable import BreachDomain

/// The checker's decisions, without a database: warnings at thresholds, missed deadlines, alerts, once each.
///
/// The sample incident (`Sample.declared`) owes notify-dpa by hour 73 and notify-customers by hour 74,
/// each warned 6 h and 1 h before; sec-8k waits for a determination.
@Suite struct DeadlineReviewTests {
    static let oncall = Contact(id: "oncall", name: "On call", role: "escalation", email: "oncall@example.com")

    func review(_ state: Incident, at hours: Double, recipients: [Contact] = [oncall]) -> [IncidentEvent] {
        Incident.reviewDeadlines(state, now: TestTime.at(hours), recipients: recipients)
    }

    @Test func nothingIsDueLongBeforeTheFirstThreshold() {
        #expect(review(Sample.declared(), at: 10).isEmpty)
    }

    @Test func aPassedThresholdIsWarnedOnceWithAnAlertPerRecipientChannel() {
        // Given the incident 6.5 h before notify-dpa is due (hour 66.5) — past its 6 h threshold only
        let events = review(Sample.declared(), at: 67.5)
        // Then notify-dpa's 6 h warning is recorded, and the on-call contact is alerted about it
        #expect(events.first == .deadlineWarning(obligationID: "notify-dpa", thresholdSeconds: 21_600, dueAt: TestTime.at(73)))
        let alerts = events.compactMap { event -> NotificationQueued? in if case let .notificationQueued(q) = event { q } else { nil } }
        #expect(alerts.map(\.notificationID).contains("INC-1.escalation.notify-dpa.warning-6h.oncall.email"))
        #expect(alerts.allSatisfy { $0.obligationID == Escalation.obligationID && $0.subject.contains("6h before due") })
        // And reviewing the resulting state again decides nothing (idempotent)
        let after = Sample.declared(events.map { ($0, 67.5) })
        #expect(review(after, at: 67.6).isEmpty)
    }

    @Test func aCheckerThatWasDownCatchesUpOnEveryPassedThresholdAtOnce() {
        let events = review(Sample.declared(), at: 72.5, recipients: [])
        #expect(events == [
            .deadlineWarning(obligationID: "notify-dpa", thresholdSeconds: 21_600, dueAt: TestTime.at(73)),
            .deadlineWarning(obligationID: "notify-dpa", thresholdSeconds: 3600, dueAt: TestTime.at(73)),
            .deadlineWarning(obligationID: "notify-customers", thresholdSeconds: 21_600, dueAt: TestTime.at(74)),
        ])
    }

    @Test func aPassedDeadlineIsMissedOnceAndWarnsNoMore() {
        let events = review(Sample.declared(), at: 80, recipients: [])
        #expect(events == [.deadlineMissed(obligationID: "notify-dpa", dueAt: TestTime.at(73)),
                           .deadlineMissed(obligationID: "notify-customers", dueAt: TestTime.at(74))])
        #expect(review(Sample.declared(events.map { ($0, 80) }), at: 90).isEmpty)
    }

    @Test func metWaivedAndUnanchoredObligationsAreLeftAlone() {
        let state = Sample.declared(
            (Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3), (Sample.delivered("n1", for: "notify-dpa"), 4),
            (.obligationWaived(obligationID: "notify-customers", reason: "no customer affected"), 5))
        #expect(review(state, at: 500).isEmpty, "sec-8k has no due time until a determination")
    }

    @Test func warningsComeBeforeMissesAndAlertsAfterBoth() {
        // Given notify-dpa past due and notify-customers inside its 1 h threshold (hour 73.5)
        let events = review(Sample.declared(), at: 73.5)
        let kinds = events.map(\.type)
        let firstAlert = kinds.firstIndex(of: "notification.queued") ?? kinds.count
        #expect(kinds[..<firstAlert].allSatisfy { $0.hasPrefix("obligation.") })
        #expect(kinds[firstAlert...].allSatisfy { $0 == "notification.queued" })
        #expect(events.contains(.deadlineMissed(obligationID: "notify-dpa", dueAt: TestTime.at(73))))
    }

    @Test func thresholdsReadFromTheSnapshotLargestFirst() {
        #expect(Sample.declared().obligation("notify-dpa")?.escalationThresholds == [21_600, 3600])
        #expect(Incident.thresholdText(5400) == "90m")
        #expect(Incident.thresholdText(86_400) == "24h")
    }
}

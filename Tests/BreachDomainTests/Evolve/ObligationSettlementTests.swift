import Foundation
import Testing
@testable import BreachDomain

@Suite("evolve: obligations and notifications")
struct ObligationSettlementTests {
    @Test func anObligationIsMetWhenEveryContactAndChannelHasADelivery() {
        // Given notify-customers queued to acme by email and webhook, and to globex by email
        let queued: [(IncidentEvent, Double)] = [
            (Sample.queued("n1", for: "notify-customers", to: "acme"), 3),
            (Sample.queued("n2", for: "notify-customers", to: "acme", via: "webhook"), 3),
            (Sample.queued("n3", for: "notify-customers", to: "globex"), 3),
        ]
        // When two of the three are delivered
        let partly = Sample.declared(queued + [(Sample.delivered("n1", for: "notify-customers"), 5),
                                               (Sample.delivered("n3", for: "notify-customers"), 6)])
        // Then it is not met yet
        #expect(partly.obligation("notify-customers")?.metAt == nil)
        // When the last one is delivered
        let all = Sample.declared(queued + [(Sample.delivered("n1", for: "notify-customers"), 5),
                                            (Sample.delivered("n3", for: "notify-customers"), 6),
                                            (Sample.delivered("n2", for: "notify-customers"), 7)])
        // Then it is met at the last delivery, on time
        let obligation = all.obligation("notify-customers")
        #expect(obligation?.metAt == TestTime.at(7))
        #expect(obligation?.status(at: TestTime.at(100)) == .met)
        #expect(obligation?.wasMetLate == false)
        #expect(all.notifications.map(\.status) == [.delivered, .delivered, .delivered])
    }

    @Test func aFailedNotificationLeavesTheObligationOpen() {
        let incident = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3),
                                       (Sample.queued("n2", for: "notify-dpa", to: "dpa", via: "webhook"), 3),
                                       (Sample.delivered("n1", for: "notify-dpa"), 4),
                                       (.notificationFailed(.object([("notification_id", .string("n2")), ("receipt", .string("HTTP 410"))])), 4))
        #expect(incident.obligation("notify-dpa")?.metAt == nil)
        #expect(incident.notifications[1].status == .failed)
        #expect(incident.notifications[1].lastError == "HTTP 410")
    }

    @Test func aDeliveryThatNamesOnlyItsNotificationStillSettlesTheObligation() {
        // The delivered event's obligation comes from the queued notification, not from the delivery payload.
        let incident = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3),
                                       (.notificationDelivered(.object([("notification_id", .string("n1"))])), 4))
        #expect(incident.obligation("notify-dpa")?.metAt == TestTime.at(4))
    }

    @Test func anObligationMetLateStaysLate() {
        // Given notify-dpa due at hour 73, recorded missed at hour 74
        // When its notification is delivered at hour 80, and a later one for it at hour 90
        let incident = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3),
                                       (.deadlineMissed(obligationID: "notify-dpa", dueAt: TestTime.at(73)), 74),
                                       (Sample.delivered("n1", for: "notify-dpa"), 80),
                                       (Sample.queued("n2", for: "notify-dpa", to: "dpa-backup"), 85),
                                       (Sample.delivered("n2", for: "notify-dpa"), 90))
        // Then it is met, late, at the first filing, and that never moves
        let obligation = incident.obligation("notify-dpa")
        #expect(obligation?.missedAt == TestTime.at(74))
        #expect(obligation?.metAt == TestTime.at(80))
        #expect(obligation?.wasMetLate == true)
        #expect(obligation?.status(at: TestTime.at(1000)) == .met)
        #expect(obligation?.isOutstanding == false)
    }

    @Test func anOutstandingObligationPastItsDueTimeIsMissedAndOverdue() {
        let incident = Sample.declared()
        let dpa = incident.obligation("notify-dpa")
        #expect(dpa?.status(at: TestTime.at(72.9)) == .pending)
        #expect(dpa?.status(at: TestTime.at(73)) == .missed)
        #expect(incident.isOverdue(at: TestTime.at(72.9)) == false)
        #expect(incident.isOverdue(at: TestTime.at(73)) == true)
        #expect(incident.nextDeadline == TestTime.at(73))
    }

    @Test func warningsAreRecordedOncePerThreshold() {
        let warning = IncidentEvent.deadlineWarning(obligationID: "notify-dpa", thresholdSeconds: 6 * 3600, dueAt: TestTime.at(73))
        let incident = Sample.declared((warning, 67), (warning, 68),
                                       (.deadlineWarning(obligationID: "notify-dpa", thresholdSeconds: 3600, dueAt: TestTime.at(73)), 72))
        #expect(incident.obligation("notify-dpa")?.warningsSent == [6 * 3600, 3600])
    }

    @Test func aMissedDeadlineKeepsItsFirstTime() {
        let missed = IncidentEvent.deadlineMissed(obligationID: "notify-dpa", dueAt: TestTime.at(73))
        let incident = Sample.declared((missed, 74), (missed, 75))
        #expect(incident.obligation("notify-dpa")?.missedAt == TestTime.at(74))
    }

    @Test func aWaiverRecordsWhenWhyAndWho() {
        let incident = Sample.declared((.obligationWaived(obligationID: "sec-8k", reason: "not material"), 9))
        let obligation = incident.obligation("sec-8k")
        #expect(obligation?.waivedAt == TestTime.at(9))
        #expect(obligation?.waiverReason == "not material")
        #expect(obligation?.waivedBy == "alice")
        #expect(obligation?.status(at: TestTime.at(1000)) == .waived)
    }

    @Test func attemptsCountAndScheduleTheRetry() {
        let retryAt = TestTime.at(3.5)
        let incident = Sample.declared(
            (Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3),
            (.notificationAttempted(.object([("notification_id", .string("n1")), ("receipt", .string("451 try later")),
                                             ("next_attempt_at", .time(retryAt))])), 3),
            (.notificationFailed(.object([("notification_id", .string("n1")), ("error", .string("gave up")),
                                          ("counts_as_attempt", .bool(false))])), 4))
        let notification = incident.notifications[0]
        #expect(notification.attempts == 1)
        #expect(notification.status == .failed)
        #expect(notification.lastError == "gave up")
        #expect(notification.nextAttemptAt == nil)
        #expect(notification.failedAt == TestTime.at(4))
    }

    @Test func aNotificationIsQueuedOnce() {
        let queued = Sample.queued("n1", for: "notify-dpa", to: "dpa")
        let incident = Sample.declared((queued, 3), (queued, 4))
        #expect(incident.notifications.count == 1)
        #expect(incident.notifications[0].queuedAt == TestTime.at(3))
    }
}

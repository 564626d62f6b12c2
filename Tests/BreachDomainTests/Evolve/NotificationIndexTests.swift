import Foundation
import Testing
@testable import BreachDomain

/// The fold's look-ups (`NotificationIndex`) answer what scanning every notification used to.
@Suite("evolve: notification index")
struct NotificationIndexTests {
    @Test func notificationsAreFoundByIdAndKeepTheirQueueOrder() {
        let incident = Sample.declared((Sample.queued("n2", for: "notify-dpa", to: "dpa"), 3),
                                       (Sample.queued("n1", for: "notify-customers", to: "acme"), 3),
                                       (Sample.queued("n2", for: "notify-dpa", to: "someone-else"), 4),
                                       (Sample.delivered("n1", for: "notify-customers"), 5))
        // A second queued event with a known id is ignored, as before
        #expect(incident.notifications.map(\.id) == ["n2", "n1"])
        #expect(incident.notification("n2")?.contactID == "dpa")
        #expect(incident.notification("n1")?.status == .delivered)
        #expect(incident.notification("n3") == nil)
    }

    @Test func aRetriedTargetCountsOnceAndIsMetByItsLaterNotification() {
        // Given notify-dpa to dpa: the first notification failed, a second one for the same target was queued
        let failed = IncidentEvent.notificationFailed(.object([("notification_id", .string("n1")), ("receipt", .string("HTTP 410"))]))
        let waiting = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3), (failed, 4),
                                      (Sample.queued("n1.2", for: "notify-dpa", to: "dpa"), 5))
        #expect(waiting.obligation("notify-dpa")?.metAt == nil)
        // When the second is delivered, the target has a delivery: the obligation is met
        let met = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3), (failed, 4),
                                  (Sample.queued("n1.2", for: "notify-dpa", to: "dpa"), 5),
                                  (Sample.delivered("n1.2", for: "notify-dpa"), 6))
        #expect(met.obligation("notify-dpa")?.metAt == TestTime.at(6))
    }

    @Test func aDeliveryOfAnotherObligationDoesNotMeetThisOne() {
        let incident = Sample.declared((Sample.queued("n1", for: "notify-dpa", to: "dpa"), 3),
                                       (Sample.queued("n2", for: "notify-customers", to: "acme"), 3),
                                       (Sample.delivered("n2", for: "notify-customers"), 4))
        #expect(incident.obligation("notify-dpa")?.metAt == nil)
        #expect(incident.obligation("notify-customers")?.metAt == TestTime.at(4))
    }

    @Test func linkedContactsAreKnownOnceInLinkOrder() {
        let incident = Sample.declared((.contactLinked(contactID: "b"), 3), (.contactLinked(contactID: "a"), 3),
                                       (.contactLinked(contactID: "b"), 4))
        #expect(incident.affectedContacts == ["b", "a"])
        #expect(incident.isAffected("a") && incident.isAffected("b") && !incident.isAffected("c"))
    }

    @Test func thousandsOfNotificationsFoldWithEveryLookUpRight() {
        // 3,000 recipients, every other one delivered: the index agrees with a scan at every position
        var events: [(IncidentEvent, Double)] = (1...3000).map { (Sample.queued("n\($0)", for: "notify-customers", to: "c\($0)"), 3) }
        events += stride(from: 1, through: 3000, by: 2).map { (Sample.delivered("n\($0)", for: "notify-customers"), 4) }
        let incident = Sample.declared(events)
        #expect(incident.notifications.count == 3000)
        for (position, notification) in incident.notifications.enumerated() {
            #expect(incident.notification(notification.id) == notification)
            #expect(notification.status == (position % 2 == 0 ? .delivered : .queued))
        }
        #expect(incident.obligation("notify-customers")?.metAt == nil)
    }
}

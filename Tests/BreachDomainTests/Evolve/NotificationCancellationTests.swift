import Foundation
import Testing
@testable import BreachDomain

/// `notification.cancelled`: a removed contact's pending notification is never attempted and no longer required.
@Suite("evolve: cancelled notifications")
struct NotificationCancellationTests {
    static func cancelled(_ id: String, for obligation: String, to contact: String) -> IncidentEvent {
        .notificationCancelled(notificationID: id, obligationID: obligation, contactID: contact, channel: .email,
                               reason: "contact \(contact) was removed")
    }

    @Test func aCancelledNotificationIsNoLongerPendingNorOwed() {
        let incident = Sample.declared((Sample.queued("n1", for: "notify-customers", to: "acme"), 3),
                                       (Sample.queued("n2", for: "notify-customers", to: "globex"), 3),
                                       (Self.cancelled("n1", for: "notify-customers", to: "acme"), 4))
        #expect(incident.notifications[0].status == .cancelled)
        #expect(incident.notifications[0].isPending == false)
        #expect(incident.notifications[0].cancelledAt == TestTime.at(4))
        #expect(incident.notifications[0].lastError == "cancelled: contact acme was removed")
        // Who is left: globex only; the obligation is still open
        #expect(incident.leftToNotify("notify-customers") == ["globex"])
        #expect(incident.obligation("notify-customers")?.metAt == nil)
    }

    @Test func whenEveryoneLeftHasAcceptedTheObligationIsMetAtTheLastDelivery() {
        // Given globex delivered at hour 5 while acme still waits
        let incident = Sample.declared((Sample.queued("n1", for: "notify-customers", to: "acme"), 3),
                                       (Sample.queued("n2", for: "notify-customers", to: "globex"), 3),
                                       (Sample.delivered("n2", for: "notify-customers"), 5),
                                       (Self.cancelled("n1", for: "notify-customers", to: "acme"), 9))
        // Then cancelling acme at hour 9 meets it as of hour 5 (lateness is judged at deliveries)
        #expect(incident.obligation("notify-customers")?.metAt == TestTime.at(5))
        #expect(incident.leftToNotify("notify-customers").isEmpty)
    }

    @Test func cancellingEveryoneLeavesTheObligationOpenAndADeliveredOneIsNeverCancelled() {
        let incident = Sample.declared((Sample.queued("n1", for: "notify-customers", to: "acme"), 3),
                                       (Sample.queued("n2", for: "notify-customers", to: "globex"), 3),
                                       (Sample.delivered("n2", for: "notify-customers"), 4),
                                       (Self.cancelled("n2", for: "notify-customers", to: "globex"), 5),
                                       (Self.cancelled("n1", for: "notify-customers", to: "acme"), 6))
        #expect(incident.notifications[1].status == .delivered)
        #expect(incident.obligation("notify-customers")?.metAt == TestTime.at(4))
        let none = Sample.declared((Sample.queued("n1", for: "notify-customers", to: "acme"), 3),
                                   (Self.cancelled("n1", for: "notify-customers", to: "acme"), 4))
        #expect(none.obligation("notify-customers")?.metAt == nil)
    }

    @Test func thePayloadRoundTripsWithItsSchemaVersion() throws {
        let event = Self.cancelled("n1", for: "notify-customers", to: "acme")
        #expect(event.type == "notification.cancelled")
        #expect(IncidentEvent.currentSchemaVersion(of: event.type) == 1)
        #expect(try IncidentEvent(type: event.type, payload: event.payload) == event)
        #expect(event.payload.serialized() == #"{"notification_id":"n1","obligation_id":"notify-customers","contact_id":"acme","channel":"email","reason":"contact acme was removed"}"#)
    }
}

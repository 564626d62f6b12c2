import BreachDomain
@testable import BreachKit
import Foundation
import Testing

/// Escalations go to the configured escalation contacts plus the incident's assignee when it is a contact.
@Suite struct EscalationPlannerTests {
    static let contacts = [
        Contact(id: "secops", name: "On call", role: "escalation", email: "oncall@example.com"),
        Contact(id: "alice", name: "Alice", role: "legal", email: "alice@example.com", webhookURL: "https://alice.example/hook"),
    ]

    func incident(assignee: String?) -> Incident {
        var incident = Incident(id: "INC-1", title: "Leak", kind: "data-breach", severity: .high, summary: nil,
                                detectedAt: Date(timeIntervalSince1970: 0))
        incident.assignee = assignee
        return incident
    }

    func configuration(_ escalation: [String]) -> BreachConfiguration {
        var configuration = BreachConfiguration()
        configuration.escalationContacts = escalation
        return configuration
    }

    @Test func theAssigneeIsAddedWhenItIsAContact() {
        let recipients = EscalationPlanner.recipients(for: incident(assignee: "alice"), configuration: configuration(["secops"]),
                                                      contacts: Self.contacts)
        #expect(recipients.map(\.id) == ["secops", "alice"])
    }

    @Test func anAssigneeWhoIsNotAContactOrAlreadyListedAddsNobody() {
        #expect(EscalationPlanner.recipients(for: incident(assignee: "bob"), configuration: configuration(["secops"]),
                                             contacts: Self.contacts).map(\.id) == ["secops"])
        #expect(EscalationPlanner.recipients(for: incident(assignee: "secops"), configuration: configuration(["secops"]),
                                             contacts: Self.contacts).map(\.id) == ["secops"])
        #expect(EscalationPlanner.recipients(for: incident(assignee: nil), configuration: configuration(["ghost"]),
                                             contacts: Self.contacts).isEmpty)
    }

    @Test func eachRecipientIsAlertedOnEveryChannelOnceUnderAStableKey() {
        let alice = Self.contacts[1]
        let events = EscalationPlanner.alerts(incident: incident(assignee: "alice"), key: "notify-dpa.missed", subject: "s", body: "b",
                                              recipients: [alice])
        let ids = events.compactMap { event -> String? in
            if case let .notificationQueued(payload) = event { return payload["notification_id"]?.stringValue }
            return nil
        }
        #expect(ids == ["INC-1.escalation.notify-dpa.missed.alice.email", "INC-1.escalation.notify-dpa.missed.alice.webhook"])
    }
}

import BreachDomain
import Foundation
import Testing

/// Escalations go to the configured escalation contacts plus the incident's assignee when it is a contact.
@Suite struct EscalationTests {
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

    @Test func theAssigneeIsAddedWhenItIsAContact() {
        let recipients = Escalation.recipients(for: incident(assignee: "alice"), escalationContactIDs: ["secops"],
                                                      contacts: Self.contacts)
        #expect(recipients.map(\.id) == ["secops", "alice"])
    }

    /// The ids a store is asked for: the escalation contacts, then the assignee when not already listed.
    @Test func theRecipientIDsAreTheEscalationContactsThenTheAssignee() {
        #expect(Escalation.recipientIDs(for: incident(assignee: "alice"), escalationContactIDs: ["secops"]) == ["secops", "alice"])
        #expect(Escalation.recipientIDs(for: incident(assignee: "secops"), escalationContactIDs: ["secops"]) == ["secops"])
        #expect(Escalation.recipientIDs(for: incident(assignee: nil), escalationContactIDs: []) == [])
    }

    @Test func anAssigneeWhoIsNotAContactOrAlreadyListedAddsNobody() {
        #expect(Escalation.recipients(for: incident(assignee: "bob"), escalationContactIDs: ["secops"],
                                             contacts: Self.contacts).map(\.id) == ["secops"])
        #expect(Escalation.recipients(for: incident(assignee: "secops"), escalationContactIDs: ["secops"],
                                             contacts: Self.contacts).map(\.id) == ["secops"])
        #expect(Escalation.recipients(for: incident(assignee: nil), escalationContactIDs: ["ghost"],
                                             contacts: Self.contacts).isEmpty)
    }

    @Test func eachRecipientIsAlertedOnEveryChannelOnceUnderAStableKey() {
        let alice = Self.contacts[1]
        let events = Escalation.alerts(incident: incident(assignee: "alice"), key: "notify-dpa.missed", subject: "s", body: "b",
                                              recipients: [alice])
        let ids = events.compactMap { event -> String? in
            if case let .notificationQueued(queued) = event { return queued.notificationID }
            return nil
        }
        #expect(ids == ["INC-1.escalation.notify-dpa.missed.alice.email", "INC-1.escalation.notify-dpa.missed.alice.webhook"])
    }
}

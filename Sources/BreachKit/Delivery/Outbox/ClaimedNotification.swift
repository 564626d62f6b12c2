import BreachDomain
import Foundation

/// A notification this run holds the lease of, with what sending it needs: its incident and its contact.
struct ClaimedNotification {
    let incidentID: String
    let notification: IncidentNotification
    let incident: Incident
    /// The contact as the registry has it now; nil when it was removed after queueing.
    let contact: Contact?
}

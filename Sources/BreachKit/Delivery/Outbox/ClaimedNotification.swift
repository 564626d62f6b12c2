import BreachDomain
import Foundation

/// A notification this run holds the lease of, with what sending it needs: what its message says of the
/// incident, and its contact.
struct ClaimedNotification {
    let incidentID: String
    let notification: IncidentNotification
    let about: About
    /// The contact as the registry has it now; nil when it was removed after queueing.
    let contact: Contact?

    /// What a message says of its incident and obligation, copied out of the folded incident: a claimed
    /// batch that held the incident itself kept its notifications alive, so every recorded chunk's append
    /// copied all of them (quadratic in the recipients of one incident).
    struct About {
        let incidentID: String
        let title: String
        let kind: String
        let severity: Severity
        let stage: Stage
        let declaredAt: Date?
        let obligationTitle: String?
        let obligationDueAt: Date?

        init(_ incident: Incident, obligationID: String) {
            let obligation = incident.obligation(obligationID)
            (incidentID, title, kind, severity, stage, declaredAt) =
                (incident.id, incident.title, incident.kind, incident.severity, incident.stage, incident.declaredAt)
            (obligationTitle, obligationDueAt) = (obligation?.title, obligation?.dueAt)
        }
    }
}

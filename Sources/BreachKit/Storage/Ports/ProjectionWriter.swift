import BreachDomain
import Foundation

/// Keeping the read models in step with appends, in the same unit of work.
public protocol ProjectionWriter {
    /// Writes the read models of `incident` (its current state) and the timeline rows of `appended`.
    func project(_ incident: Incident, appended: [(stored: StoredEvent, event: RecordedIncidentEvent)]) throws
    /// Replaces contact `id`'s row in the registry read model (nil: the contact was removed).
    func projectContact(id: String, _ contact: Contact?) throws
}

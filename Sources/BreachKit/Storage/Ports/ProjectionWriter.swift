import BreachDomain
import Foundation

/// Keeping the read models in step with appends, in the same unit of work.
public protocol ProjectionWriter {
    /// Brings the read models of `incident` (its state after `appended`) up to date and writes the timeline
    /// rows of `appended`.
    ///
    /// The stored rows are those of the state before `appended`; a backend writes only what the events can
    /// have changed (`ProjectionScope`), so the cost follows the events, not the size of the incident.
    func project(_ incident: Incident, appended: [(stored: StoredEvent, event: RecordedIncidentEvent)]) throws
    /// Replaces contact `id`'s row in the registry read model (nil: the contact was removed).
    func projectContact(id: String, _ contact: Contact?) throws
}

import BreachDomain
import Foundation

/// The incidents one pass has folded, so that each is folded once and carried from claim to record.
///
/// A cached state is used only while its stream has not moved (one indexed version look-up); when
/// another process appended meanwhile, the incident is folded afresh. Appends update the cache with the
/// state they produced, so the next unit of work starts from it without reading the stream again.
final class FoldedIncidents {
    private var states: [String: Incident] = [:]
    /// How many times an incident was folded from its events: once per incident per pass, unless a
    /// concurrent writer moved it.
    private(set) var folds = 0

    /// The current state of incident `id` as `reader` sees it.
    func current(_ id: String, in reader: any EventLogReader) throws -> Incident {
        if let cached = states[id], try reader.version(of: id) == cached.version { return cached }
        let state = try IncidentService.load(id, from: reader)
        folds += 1
        states[id] = state
        return state
    }

    /// Remembers the state an append produced.
    func update(_ incident: Incident) {
        states[incident.id] = incident
    }
}

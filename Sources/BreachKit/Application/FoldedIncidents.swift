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

    /// The current state of incident `id`, no longer kept here: the caller then holds its only copy, so an
    /// append grows its arrays in place. (Appending to a state also kept here copied every notification of
    /// the incident once per recorded chunk: quadratic in the recipients of one incident.) Hand the
    /// result back with `update`.
    func take(_ id: String, in reader: any EventLogReader) throws -> Incident {
        let state = try current(id, in: reader)
        states[id] = nil
        return state
    }

    /// The version of the state kept for incident `id`, if one is kept: what this pass last appended or read.
    func cachedVersion(of id: String) -> Int? {
        states[id]?.version
    }

    /// Remembers the state an append produced.
    func update(_ incident: Incident) {
        states[incident.id] = incident
    }
}

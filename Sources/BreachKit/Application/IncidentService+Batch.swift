import BreachDomain
import Foundation

/// New events for one incident stream, each with its own effective time: a history to import or backfill.
public struct IncidentAppend: Sendable {
    public let incidentID: String
    /// The stream's version the events were decided against (0 for a new incident).
    public let expectedVersion: Int
    public let events: [RecordedIncidentEvent]

    public init(incidentID: String, expectedVersion: Int, events: [RecordedIncidentEvent]) {
        self.incidentID = incidentID
        self.expectedVersion = expectedVersion
        self.events = events
    }
}

extension IncidentService {
    /// Appends many incidents' events in one `BEGIN IMMEDIATE` transaction: chained, hashed and projected,
    /// all or nothing.
    ///
    /// For imports and bulk backfills, where one transaction per command would spend its time committing.
    /// A stream that is not at its `expectedVersion` fails the whole batch with a conflict, like `execute`.
    @discardableResult
    public func appendBatch(_ batch: [IncidentAppend]) throws -> [Incident] {
        let recordedAt = wallClock.now()
        return try store.write { unit in
            try batch.map { item in
                var incident = item.expectedVersion == 0 ? nil : try Self.load(item.incidentID, from: unit)
                if let incident, incident.version != item.expectedVersion { throw StreamConflict.error(item.incidentID) }
                let stored = try unit.append(item.events.map(NewEvent.init), to: item.incidentID,
                                             expectedVersion: item.expectedVersion, recordedAt: recordedAt)
                for event in item.events { Incident.evolve(&incident, event, id: item.incidentID) }
                guard let incident else {
                    throw BreachError.invalidInput("\(item.incidentID): its events do not start with incident.detected; nothing was written")
                }
                try unit.project(incident, appended: Array(zip(stored, item.events)))
                return incident
            }
        }
    }
}

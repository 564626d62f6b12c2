import BreachDomain
import Foundation

/// How `verify` reads one backend's read models, to compare them with a fresh fold of its log.
struct StoredProjections {
    /// Calls its argument with each stream's stored events, in (stream, version) order.
    var forEachStream: (_ body: (String, [StoredEvent]) throws -> Void) throws -> Void
    /// Whether the stored contacts row of the id is the one the folded contact (nil: removed) projects.
    var contactMatches: (_ id: String, _ contact: Contact?) throws -> Bool
    /// The first difference between an incident's stored rows and timeline and a fresh fold's, or nil.
    var incidentDifference: (_ incident: Incident, _ stored: [StoredEvent], _ decoded: [RecordedIncidentEvent]) throws -> String?
    /// The ids in the contacts table.
    var contactIDs: () throws -> [String]
    /// The ids in the incidents table, in number order.
    var incidentIDs: () throws -> [String]
}

extension IntegrityReport {
    /// Folds every stream afresh and keeps the first read model that differs, whatever the backend:
    /// versions must be contiguous, every row must match its fold, and no row may lack a stream.
    mutating func compareProjections(_ projections: StoredProjections) throws {
        var seenIncidents = Set<String>(), seenContacts = Set<String>()
        do {
            try projections.forEachStream { stream, stored in
                guard projectionProblem == nil else { return }
                for (index, event) in stored.enumerated() where event.version != index + 1 {
                    projectionProblem = "\(stream): versions are not contiguous at v\(index + 1) (event #\(event.sequence))"
                    return
                }
                switch try StreamFold.fold(stream: stream, stored) {
                case let .contact(id, contact):
                    seenContacts.insert(id)
                    if try !projections.contactMatches(id, contact) {
                        projectionProblem = "contact \(id): the contacts row does not match its events; run `breach rebuild`"
                    }
                case .audit:
                    // Checkpoints have no read model; their signatures and chain positions are checked by
                    // CheckpointVerifier (`breach verify`).
                    break
                case let .incident(incident, decoded):
                    seenIncidents.insert(stream)
                    guard let incident else {
                        projectionProblem = "\(stream): stream does not start with incident.detected"
                        return
                    }
                    if let difference = try projections.incidentDifference(incident, stored, decoded) {
                        projectionProblem = "\(stream): \(difference); run `breach rebuild`"
                    }
                }
            }
        } catch let error as BreachError {
            // Decoding failures arrive as BreachError too (StoredEvent names the event).
            projectionProblem = projectionProblem ?? error.message
        }
        if projectionProblem == nil, let orphan = try projections.contactIDs().first(where: { !seenContacts.contains($0) }) {
            projectionProblem = "contact \(orphan): in the contacts table but not in the log; run `breach rebuild`"
        }
        if projectionProblem == nil, let orphan = try projections.incidentIDs().first(where: { !seenIncidents.contains($0) }) {
            projectionProblem = "\(orphan): in the incidents table but not in the log; run `breach rebuild`"
        }
    }
}

import BreachDomain
import Foundation
import GRDB

/// `breach verify`: recomputes the hash chain and the read models and reports the first divergence.
public enum IntegrityVerifier {
    public typealias Report = IntegrityReport

    public static func verify(in db: Database) throws -> Report {
        var report = Report()
        // A damaged page of an index or a read model can hide from the chain walk; SQLite's own check finds it.
        if let first = try String.fetchOne(db, sql: "PRAGMA quick_check(1)"), first != "ok" {
            report.storageProblem = first.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("***") }.joined(separator: "; ")
        }
        try SQLiteEventLog.forEach(in: db) { report.walk($0) }
        var seen = Set<String>()
        var seenContacts = Set<String>()
        do {
            try StreamFold.forEachStream(in: db) { stream, stored in
                guard report.projectionProblem == nil else { return }
                for (index, event) in stored.enumerated() where event.version != index + 1 {
                    report.projectionProblem = "\(stream): versions are not contiguous at v\(index + 1) (event #\(event.sequence))"
                    return
                }
                switch try StreamFold.fold(stream: stream, stored) {
                case let .contact(id, contact):
                    seenContacts.insert(id)
                    let expected = contact.map(ContactProjection.row)
                    if try ContactProjection.stored(id: id, in: db) != expected {
                        report.projectionProblem = "contact \(id): the contacts row does not match its events; run `breach rebuild`"
                    }
                case .audit:
                    // Checkpoints have no read model; their signatures and chain positions are checked by
                    // CheckpointVerifier (`breach verify`).
                    break
                case let .incident(incident, decoded):
                    seen.insert(stream)
                    guard let incident else {
                        report.projectionProblem = "\(stream): stream does not start with incident.detected"
                        return
                    }
                    let expected = IncidentProjection(incident).normalized()
                    let storedRows = try IncidentProjection.stored(incidentID: stream, in: db)
                    if let difference = expected.firstDifference(from: storedRows) {
                        report.projectionProblem = "\(stream): \(difference); run `breach rebuild`"
                        return
                    }
                    if let difference = try timelineDifference(stream: stream, stored: stored, decoded: decoded, in: db) {
                        report.projectionProblem = "\(stream): \(difference); run `breach rebuild`"
                    }
                }
            }
        } catch let error as BreachError {
            // Decoding failures arrive as BreachError too (StoredEvent names the event).
            report.projectionProblem = report.projectionProblem ?? error.message
        }
        if report.projectionProblem == nil,
           let orphan = try String.fetchAll(db, sql: "SELECT id FROM contacts ORDER BY id").first(where: { !seenContacts.contains($0) }) {
            report.projectionProblem = "contact \(orphan): in the contacts table but not in the log; run `breach rebuild`"
        }
        if report.projectionProblem == nil {
            let orphans = try String.fetchAll(db, sql: "SELECT id FROM incidents ORDER BY number")
                .filter { !seen.contains($0) }
            if let orphan = orphans.first {
                report.projectionProblem = "\(orphan): in the incidents table but not in the log; run `breach rebuild`"
            }
        }
        return report
    }

    /// The first difference between the stored timeline of `stream` and the entries its events produce, or nil.
    ///
    /// A stored row names its event by sequence and holds the summary; the rest of a timeline line is the
    /// event itself, so a row pointing at another stream's event is a divergence too.
    static func timelineDifference(stream: String, stored events: [StoredEvent], decoded: [RecordedIncidentEvent], in db: Database) throws -> String? {
        let stored = try Row.fetchAll(db.cachedStatement(sql: "SELECT sequence, summary FROM timeline WHERE incident_id = ? ORDER BY sequence"),
                                      arguments: [stream])
        guard stored.count == events.count else { return "timeline has \(stored.count) entries, the log has \(events.count) events" }
        for (row, (event, recorded)) in zip(stored, zip(events, decoded)) {
            let sequence: Int64 = row[0]
            guard sequence == event.sequence else {
                // Both lists are in sequence order: the smaller of the two is the one without a partner.
                return sequence > event.sequence
                    ? "timeline entry of event #\(event.sequence) is missing"
                    : "timeline entry #\(sequence) names no event of \(stream)"
            }
            let summary: String = row[1]
            let expected = TimelineEntry.summary(of: recorded.event)
            if summary != expected {
                return "timeline entry of event #\(event.sequence): summary is \"\(summary)\", expected \"\(expected)\""
            }
        }
        return nil
    }
}

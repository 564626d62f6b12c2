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
        try report.compareProjections(StoredProjections(
            forEachStream: { try StreamFold.forEachStream(in: db, $0) },
            contactMatches: { id, contact in try ContactProjection.stored(id: id, in: db) == contact.map(ContactProjection.row) },
            incidentDifference: { incident, stored, decoded in
                try IncidentProjection(incident).normalized().firstDifference(from: IncidentProjection.stored(incidentID: incident.id, in: db))
                    ?? timelineDifference(stream: incident.id, stored: stored, decoded: decoded, in: db)
            },
            contactIDs: { try String.fetchAll(db, sql: "SELECT id FROM contacts ORDER BY id") },
            incidentIDs: { try String.fetchAll(db, sql: "SELECT id FROM incidents ORDER BY number") }))
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

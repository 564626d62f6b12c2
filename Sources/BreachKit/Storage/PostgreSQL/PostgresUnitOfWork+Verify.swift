import BreachDomain
import Foundation

/// `breach verify` on PostgreSQL: the same walk of the chain and the same comparison of every read model
/// with a fresh fold as on SQLite (`IntegrityVerifier`), over one snapshot.
extension PostgresUnitOfWork {
    func verify() throws -> IntegrityReport {
        var report = IntegrityReport()
        try forEachEvent { report.walk($0) }
        try report.compareProjections(StoredProjections(
            forEachStream: { [self] in try forEachStream($0) },
            contactMatches: { [self] id, contact in try storedRows("contacts", key: "id", id) == (contact.map { [ProjectionText.contact($0)] } ?? []) },
            incidentDifference: { [self] incident, stored, decoded in
                try projectionDifference(incident) ?? timelineDifference(stream: incident.id, stored: stored, decoded: decoded)
            },
            contactIDs: { [self] in try sql("SELECT id FROM contacts ORDER BY id").firstColumn.compactMap { $0 } },
            incidentIDs: { [self] in try sql("SELECT id FROM incidents ORDER BY number").firstColumn.compactMap { $0 } }))
        return report
    }

    /// The first difference between the stored read-model rows of `incident` and a fresh fold's, or nil.
    /// Rows are compared as sets (each side sorted the same way), column by column.
    private func projectionDifference(_ incident: Incident) throws -> String? {
        let expected = ProjectionText.all(incident)
        for (table, columns) in IncidentProjection.columns {
            let key = table == "incidents" ? "id" : "incident_id"
            let mine = Self.sorted(expected[table] ?? [])
            let theirs = Self.sorted(try storedRows(table, key: key, incident.id))
            if mine.count != theirs.count { return "\(table): \(theirs.count) stored rows, \(mine.count) expected" }
            for (index, (a, b)) in zip(mine, theirs).enumerated() where a != b {
                let column = zip(columns, zip(a, b)).first { $0.1.0 != $0.1.1 }
                return "\(table) row \(index + 1): \(column?.0 ?? "?") is \(column?.1.1 ?? "NULL"), expected \(column?.1.0 ?? "NULL")"
            }
        }
        return nil
    }

    /// The first difference between the stored timeline of `stream` and the entries its events produce, or nil.
    private func timelineDifference(stream: String, stored: [StoredEvent], decoded: [RecordedIncidentEvent]) throws -> String? {
        let timeline = try sql("SELECT sequence, summary FROM timeline WHERE incident_id = $1 ORDER BY sequence", [stream])
        let storedTimeline = (0..<timeline.count).map { "\(timeline.string($0, 0)) \(timeline.string($0, 1))" }
        let expectedTimeline = zip(stored, decoded).map { "\($0.sequence) \(TimelineEntry.summary(of: $1.event))" }
        guard storedTimeline != expectedTimeline else { return nil }
        let index = zip(storedTimeline, expectedTimeline).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(storedTimeline.count, expectedTimeline.count)
        return "timeline has \(storedTimeline.count) entries for \(expectedTimeline.count) events, first difference at entry \(index + 1)"
    }

    private static func sorted(_ rows: [[String?]]) -> [[String?]] {
        rows.sorted { $0.map { $0 ?? "\u{0}" }.joined(separator: "\u{1}") < $1.map { $0 ?? "\u{0}" }.joined(separator: "\u{1}") }
    }

    /// The stored rows of one read-model table whose `key` is `id`, as text.
    private func storedRows(_ table: String, key: String, _ id: String) throws -> [[String?]] {
        let columns = ProjectionText.columns(of: table)
        let rows = try sql("SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE \(key) = $1", [id])
        return (0..<rows.count).map { row in (0..<columns.count).map { rows.text(row, $0) } }
    }
}

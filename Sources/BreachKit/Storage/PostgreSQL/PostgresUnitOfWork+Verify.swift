import BreachDomain
import Foundation

/// `breach verify` on PostgreSQL: the same walk of the chain and the same comparison of every read model
/// with a fresh fold as on SQLite (`IntegrityVerifier`), over one snapshot.
extension PostgresUnitOfWork {
    func verify() throws -> IntegrityReport {
        var report = IntegrityReport()
        try forEachEvent { report.walk($0) }
        var seen = Set<String>(), seenContacts = Set<String>()
        do {
            try forEachStream { stream, stored in
                guard report.projectionProblem == nil else { return }
                for (index, event) in stored.enumerated() where event.version != index + 1 {
                    report.projectionProblem = "\(stream): versions are not contiguous at v\(index + 1) (event #\(event.sequence))"
                    return
                }
                switch try StreamFold.fold(stream: stream, stored) {
                case let .contact(id, contact):
                    seenContacts.insert(id)
                    let expected = contact.map { [ProjectionText.contact($0)] } ?? []
                    if try storedRows("contacts", key: "id", id) != expected {
                        report.projectionProblem = "contact \(id): the contacts row does not match its events; run `breach rebuild`"
                    }
                case .audit:
                    break
                case let .incident(incident, decoded):
                    seen.insert(stream)
                    guard let incident else {
                        report.projectionProblem = "\(stream): stream does not start with incident.detected"
                        return
                    }
                    if let difference = try projectionDifference(incident) {
                        report.projectionProblem = "\(stream): \(difference); run `breach rebuild`"
                        return
                    }
                    let timeline = try sql("SELECT sequence, summary FROM timeline WHERE incident_id = $1 ORDER BY sequence", [stream])
                    let storedTimeline = (0..<timeline.count).map { "\(timeline.string($0, 0)) \(timeline.string($0, 1))" }
                    let expectedTimeline = zip(stored, decoded).map { "\($0.sequence) \(TimelineEntry.summary(of: $1.event))" }
                    if storedTimeline != expectedTimeline {
                        let index = zip(storedTimeline, expectedTimeline).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(storedTimeline.count, expectedTimeline.count)
                        report.projectionProblem = "\(stream): timeline has \(storedTimeline.count) entries for \(expectedTimeline.count) events, first difference at entry \(index + 1); run `breach rebuild`"
                    }
                }
            }
        } catch let error as BreachError {
            report.projectionProblem = report.projectionProblem ?? error.message
        }
        if report.projectionProblem == nil,
           let orphan = try sql("SELECT id FROM contacts ORDER BY id").firstColumn.compactMap({ $0 }).first(where: { !seenContacts.contains($0) }) {
            report.projectionProblem = "contact \(orphan): in the contacts table but not in the log; run `breach rebuild`"
        }
        if report.projectionProblem == nil,
           let orphan = try sql("SELECT id FROM incidents ORDER BY number").firstColumn.compactMap({ $0 }).first(where: { !seen.contains($0) }) {
            report.projectionProblem = "\(orphan): in the incidents table but not in the log; run `breach rebuild`"
        }
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

import Foundation
import GRDB

/// Read-only look-ups of the ids a person types — incident, obligation and contact ids — for shell
/// completion, straight from a SQLite file (a completion must not open, migrate or lock a store).
///
/// The file is opened read-only with a one-second busy timeout, and never created or migrated. A
/// missing or unusable file gives no ids rather than an error: a completion must never print an
/// error into the user's prompt, and it must never create a database where there was none.
public struct IdentifierLookup: Sendable {
    /// The database file to read.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Incident ids, newest first, at most `limit`.
    public func incidentIDs(limit: Int = 500) -> [String] {
        strings("SELECT id FROM incidents ORDER BY number DESC LIMIT ?", [limit])
    }

    /// The obligation ids of `incidentID` by due time (those without one last), or, without an
    /// incident, every obligation id in use, sorted.
    public func obligationIDs(incidentID: String?) -> [String] {
        guard let incidentID else {
            return strings("SELECT DISTINCT obligation_id FROM obligations ORDER BY obligation_id")
        }
        return strings("SELECT obligation_id FROM obligations WHERE incident_id = ? ORDER BY due_at IS NULL, due_at", [incidentID])
    }

    /// Contact ids, sorted.
    public func contactIDs() -> [String] {
        strings("SELECT id FROM contacts ORDER BY id")
    }

    /// Runs a query on the database opened read-only; nothing when there is no usable database.
    private func strings(_ sql: String, _ arguments: StatementArguments = []) -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return [] }
        return (try? queue.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }) ?? []
    }
}

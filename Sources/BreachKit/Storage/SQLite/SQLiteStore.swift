import BreachDomain
import Foundation
import GRDB

/// The embedded default backend: one SQLite file, owned by one `BreachDatabase` connection.
///
/// Units of work are `BEGIN IMMEDIATE` transactions: SQLite's single write lock serialises writers
/// (numbering, the chain head, leases) while WAL lets readers go on.
public final class SQLiteStore: BreachStore, @unchecked Sendable {
    /// The connection. Storage-internal: application code goes through `read` and `write`.
    public let database: BreachDatabase

    public init(database: BreachDatabase) {
        self.database = database
    }

    /// Opens (or creates) the SQLite database at `path`.
    public static func open(path: String) throws -> SQLiteStore {
        SQLiteStore(database: try BreachDatabase.open(path: path))
    }

    public var backendName: String { "sqlite" }
    /// Queueing is this process's own CPU: sliced, it runs on one core while the other sends.
    public var overlapsQueueingWithSending: Bool { true }
    public var location: String { database.path }

    public var openingWarnings: [String] {
        guard let mode = database.permissionsTightened else { return [] }
        return ["\(database.path) was readable by group or others (mode \(String(mode, radix: 8))); made it private (0600)"]
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try database.read { db in try body(SQLiteUnitOfWork(db)) }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try database.write { db in try body(SQLiteUnitOfWork(db)) }
    }

    public func rebuild(progress: ((Int) -> Void)?) throws -> RebuildStats {
        let reader = try database.openReader()
        return try database.write { db in try Projector.rebuild(in: db, eventsFrom: reader, progress: progress) }
    }

    public func verify() throws -> IntegrityReport {
        try database.read { db in try IntegrityVerifier.verify(in: db) }
    }
}

/// One snapshot or transaction of a `SQLiteStore`: every port answered by SQL on one connection.
///
/// Lives only as long as the `read`/`write` call that made it. Appends within it share one `Appender`,
/// which carries the chain head from append to append instead of reading it back each time.
final class SQLiteUnitOfWork: StoreTransaction {
    let db: Database
    private var appender: SQLiteEventLog.Appender?
    /// Kept for the unit's life: an import asks a stream's version and writes a contact row 100,000 times.
    private var versionQuery: BoundStatement?
    private var contactRows: ContactProjection.Writer?

    init(_ db: Database) {
        self.db = db
    }

    // MARK: EventLogReader

    func events(of stream: String) throws -> [StoredEvent] { try SQLiteEventLog.events(of: stream, in: db) }
    func version(of stream: String) throws -> Int {
        if versionQuery == nil { versionQuery = try BoundStatement(sql: SQLiteEventLog.versionQuery, in: db) }
        versionQuery!.bind(stream)
        return Int(try versionQuery!.fetchInt64() ?? 0)
    }
    func head() throws -> ChainHead { try SQLiteEventLog.head(in: db) }
    func hash(atSequence sequence: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM events WHERE sequence = ?"), arguments: [sequence])
    }

    // MARK: EventLogWriter

    func append(_ events: [NewEvent], to stream: String, expectedVersion: Int, recordedAt: Date) throws -> [StoredEvent] {
        guard !events.isEmpty else { return [] }
        if appender == nil { appender = try SQLiteEventLog.Appender(in: db) }
        return try appender!.append(events, to: stream, expectedVersion: expectedVersion, recordedAt: recordedAt)
    }

    // MARK: IncidentNumbering

    func nextIncidentNumber() throws -> Int {
        // Inside BEGIN IMMEDIATE: the write lock serialises concurrent detects.
        (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM incidents") ?? 0) + 1
    }

    // MARK: ProjectionWriter

    func project(_ incident: Incident, appended: [(stored: StoredEvent, event: RecordedIncidentEvent)]) throws {
        try Projector.project(incident, appended: appended, in: db)
    }

    func projectContact(id: String, _ contact: Contact?) throws {
        if contactRows == nil { contactRows = try ContactProjection.Writer(in: db) }
        try contactRows!.write(id: id, contact: contact)
    }

    // MARK: DeliveryLeases

    func lease(_ notificationIDs: [String], holder: String, pid: Int32, expiresAt: Date) throws {
        guard !notificationIDs.isEmpty else { return }
        // Many rows to a statement: SQLite's work per statement was a third of a lease. A lease left by a
        // run that died is taken over in place.
        let expires = RFC3339.format(expiresAt)
        var insert = try MultiRowInsert(table: "delivery_leases", columns: ["notification_id", "holder", "holder_pid", "expires_at"],
                                        refusal: .abortsStatement,
                                        upsert: "ON CONFLICT(notification_id) DO UPDATE SET holder = excluded.holder, "
                                            + "holder_pid = excluded.holder_pid, expires_at = excluded.expires_at",
                                        in: db) { (id: String, statement) in
            statement.bind(id)
            statement.bind(holder)
            statement.bind(Int64(pid))
            statement.bind(expires)
        }
        for id in notificationIDs { try insert.insert(id) }
        try insert.finish()
    }

    func releaseLeases(of notificationIDs: [String], holder: String) throws -> Set<String> {
        var released = Set<String>()
        // Each id bound as its own parameter (exact text, unlike a JSON array's strings), in statements of a
        // few shapes: one for each chunk's own count was prepared anew every time, a tenth of recording.
        for run in StatementShapes.runs(of: notificationIDs.count, largest: 256) {
            let placeholders = Array(repeating: "?", count: run.count).joined(separator: ", ")
            let statement = try db.cachedStatement(sql: """
                DELETE FROM delivery_leases WHERE holder = ? AND notification_id IN (\(placeholders)) RETURNING notification_id
                """)
            released.formUnion(try String.fetchAll(statement, arguments: StatementArguments([holder] + Array(notificationIDs[run]))))
        }
        return released
    }
}

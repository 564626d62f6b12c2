import BreachDomain
import Foundation

/// One snapshot or transaction of a `PostgresStore`: every port answered by SQL on its connection.
///
/// Lives only as long as the `read`/`write` call that made it. Appends within it carry the chain head
/// from one to the next instead of reading it back each time.
final class PostgresUnitOfWork: StoreTransaction {
    let store: PostgresStore
    var connection: PGConnection { store.connection }
    /// The chain head after this unit of work's appends so far (nil until the first append reads it).
    var chainHead: ChainHead?
    /// Set by `breach copy`: events keep the sequence, actor and hash they were copied with.
    var copying = false

    /// A snapshot (`read`): nothing is written or locked in it.
    let readOnly: Bool

    init(_ store: PostgresStore, readOnly: Bool) {
        self.store = store
        self.readOnly = readOnly
    }

    /// Runs a statement, turning libpq failures into breach errors.
    @discardableResult
    func sql(_ text: String, _ parameters: [String?] = []) throws -> PGResult {
        try store.run { try $0.prepared(text, parameters) }
    }

    // MARK: EventLogReader

    static let eventColumns = "sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, actor, prev_hash, hash"

    /// A stored event from a row selected as `eventColumns` starting at `column`.
    static func event(_ rows: PGResult, _ row: Int, from column: Int = 0) -> StoredEvent {
        StoredEvent(sequence: Int64(rows.int(row, column) ?? 0), stream: rows.string(row, column + 1), version: rows.int(row, column + 2) ?? 0,
                    type: rows.string(row, column + 3), schemaVersion: rows.int(row, column + 4) ?? 1, payload: rows.string(row, column + 5),
                    effectiveAt: rows.string(row, column + 6), recordedAt: rows.string(row, column + 7), actor: rows.string(row, column + 8),
                    previousHash: rows.string(row, column + 9), hash: rows.string(row, column + 10))
    }

    func events(of stream: String) throws -> [StoredEvent] {
        let rows = try sql("SELECT \(Self.eventColumns) FROM events WHERE stream = $1 ORDER BY version", [stream])
        return (0..<rows.count).map { Self.event(rows, $0) }
    }

    func version(of stream: String) throws -> Int {
        try sql("SELECT COALESCE(MAX(version), 0) FROM events WHERE stream = $1", [stream]).int(0, 0) ?? 0
    }

    func head() throws -> ChainHead {
        let rows = try sql("SELECT sequence, hash FROM events ORDER BY sequence DESC LIMIT 1")
        guard rows.count == 1 else { return .genesis }
        return ChainHead(sequence: Int64(rows.int(0, 0) ?? 0), hash: rows.string(0, 1))
    }

    func hash(atSequence sequence: Int64) throws -> String? {
        try sql("SELECT hash FROM events WHERE sequence = $1", [String(sequence)]).firstColumn.first ?? nil
    }

    // MARK: EventLogWriter

    /// Rows per multi-row INSERT of a long append (11 parameters each, far below the 65 535 limit).
    private static let rowsPerInsert = 500

    /// Appended events not sent yet: appends to many streams in one unit of work (`breach copy`, a bulk
    /// load) go out `rowsPerInsert` at a time instead of one INSERT per stream. Sent before any other
    /// statement on the connection (`PGConnection.beforeStatement`) and at the end of the unit.
    private var pending: [StoredEvent] = []

    /// Sends the held-back appends.
    func flush() throws {
        guard !pending.isEmpty else { return }
        let rows = pending
        pending = []
        // The hook would call this again for the INSERT itself: not while it is being sent.
        let hook = connection.beforeStatement
        connection.beforeStatement = nil
        defer { connection.beforeStatement = hook }
        try insert(rows, withActor: rows.contains { $0.actor != store.sessionUser })
    }

    func append(_ events: [NewEvent], to stream: String, expectedVersion: Int, recordedAt: Date) throws -> [StoredEvent] {
        guard !events.isEmpty else { return [] }
        // Inside the writer lock (`PostgresStore.write`): the head read here stays the head until commit.
        var head = try chainHead ?? self.head()
        // A new stream (expected version 0) is not asked for: its first row is `(stream, 1)`, which
        // `UNIQUE (stream, version)` refuses if the stream exists (a conflict, below). A longer one must be
        // exactly at the expected version: the unique key refuses it ahead, this refuses it behind.
        if expectedVersion > 0 {
            let current = try version(of: stream)
            guard current == expectedVersion else { throw StreamConflict.error(stream) }
        }
        let recorded = RFC3339.formatMillis(recordedAt)
        var stored: [StoredEvent] = []
        stored.reserveCapacity(events.count)
        for (index, event) in events.enumerated() {
            // The actor is the login: the database sets and checks it (`events_check`), so the hash is
            // computed over the same name. A different one asked for is refused before anything is sent —
            // except an API token's (`token:NAME`), which the database accepts from a `breach_server` login
            // only, recording that login beside it.
            guard event.actor == store.sessionUser || Self.isTokenActor(event.actor) else {
                throw BreachError.invalidInput("on PostgreSQL the actor is the database login (\(store.sessionUser)); --actor / $BREACH_ACTOR cannot name \(event.actor)")
            }
            let sequence = head.sequence + 1
            let version = expectedVersion + index + 1
            let schemaVersion = IncidentEvent.currentSchemaVersion(of: event.type)
            let effective = RFC3339.format(event.effectiveAt)
            let payload = event.payload.serialized()
            let hash = EventHasher.hash(previousHash: head.hash, sequence: sequence, stream: stream, version: version, type: event.type,
                                        schemaVersion: schemaVersion, payload: payload, effectiveAt: effective, recordedAt: recorded,
                                        actor: event.actor)
            stored.append(StoredEvent(sequence: sequence, stream: stream, version: version, type: event.type, schemaVersion: schemaVersion,
                                      payload: payload, effectiveAt: effective, recordedAt: recorded, actor: event.actor,
                                      previousHash: head.hash, hash: hash))
            head = ChainHead(sequence: sequence, hash: hash)
        }
        // Held back until the next statement, the end of the unit or a full INSERT (`flush`): a conflict
        // or a refusal by the database's triggers still fails this unit of work before it commits.
        pending += stored
        chainHead = head
        if pending.count >= Self.rowsPerInsert { try flush() }
        return stored
    }

    /// True for an API token's actor, `token:NAME` (`PostgresSchema.tokenActorPattern`).
    static func isTokenActor(_ actor: String) -> Bool {
        actor.range(of: PostgresSchema.tokenActorPattern, options: .regularExpression) != nil
    }

    /// Inserts stored events as they are. Without `withActor` the database fills in the actor itself
    /// (the column's default, `session_user`); `breach copy` passes the actors it copies.
    func insert(_ events: [StoredEvent], withActor: Bool) throws {
        let columns = withActor
            ? ["sequence", "stream", "version", "type", "schema_version", "payload", "effective_at", "recorded_at", "actor", "prev_hash", "hash"]
            : ["sequence", "stream", "version", "type", "schema_version", "payload", "effective_at", "recorded_at", "prev_hash", "hash"]
        var start = events.startIndex
        while start < events.endIndex {
            let chunk = events[start..<min(start + Self.rowsPerInsert, events.endIndex)]
            var parameters: [String?] = []
            parameters.reserveCapacity(chunk.count * columns.count)
            var tuples: [String] = []
            for event in chunk {
                let base = parameters.count
                tuples.append("(" + (1...columns.count).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
                parameters += [String(event.sequence), event.stream, String(event.version), event.type, String(event.schemaVersion),
                               event.payload, event.effectiveAt, event.recordedAt]
                if withActor { parameters.append(event.actor) }
                parameters += [event.previousHash, event.hash]
            }
            let text = "INSERT INTO events (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))"
            do {
                // Prepared per chunk size once repeated (`PGConnection.prepared`): a command's appends are of
                // one or two events, a bulk append's of the few sizes its histories have.
                _ = try store.run { try $0.prepared(text, parameters) }
            } catch let error as BreachError where error.code == .conflict {
                // Held-back appends of several streams go out together: the conflict is one of theirs.
                var streams: [String] = []
                for event in chunk where streams.last != event.stream { streams.append(event.stream) }
                throw StreamConflict.error(streams.count <= 1 ? streams.first ?? "a stream"
                                           : "one of " + streams.prefix(3).joined(separator: ", ") + (streams.count > 3 ? " (and \(streams.count - 3) more)" : ""))
            }
            start += chunk.count
        }
    }

    // MARK: IncidentNumbering

    func nextIncidentNumber() throws -> Int {
        // Inside the writer lock: concurrent detects on any host queue for it, so none gets the same number.
        (try sql("SELECT COALESCE(MAX(number), 0) FROM incidents").int(0, 0) ?? 0) + 1
    }

    // MARK: ProjectionWriter

    func project(_ incident: Incident, appended: [(stored: StoredEvent, event: RecordedIncidentEvent)]) throws {
        try PostgresProjector.write(incident, scope: ProjectionScope(appended.map(\.event.event)), in: self)
        try PostgresProjector.insertRows("timeline", columns: ["incident_id", "sequence", "summary"], appended.map { stored, event in
            [stored.stream, String(stored.sequence), TimelineEntry.summary(of: event.event)]
        }, in: self)
    }

    func projectContact(id: String, _ contact: Contact?) throws {
        try sql("DELETE FROM contacts WHERE id = $1", [id])
        guard let contact else { return }
        try sql(PostgresProjector.insert("contacts"), ProjectionText.contact(contact))
    }

    // MARK: DeliveryLeases

    func lease(_ notificationIDs: [String], holder: String, pid: Int32, expiresAt: Date) throws {
        guard !notificationIDs.isEmpty else { return }
        try sql("""
            INSERT INTO delivery_leases (notification_id, holder, holder_pid, expires_at)
            SELECT id, $2::text, $3::integer, $4::text FROM unnest($1::text[]) AS id
            ON CONFLICT (notification_id) DO UPDATE SET holder = excluded.holder, holder_pid = excluded.holder_pid, expires_at = excluded.expires_at
            """, [Self.array(notificationIDs), holder, String(pid), RFC3339.format(expiresAt)])
    }

    func releaseLeases(of notificationIDs: [String], holder: String) throws -> Set<String> {
        guard !notificationIDs.isEmpty else { return [] }
        let rows = try sql("DELETE FROM delivery_leases WHERE holder = $1 AND notification_id = ANY($2::text[]) RETURNING notification_id",
                           [holder, Self.array(notificationIDs)])
        return Set((0..<rows.count).map { rows.string($0, 0) })
    }
}

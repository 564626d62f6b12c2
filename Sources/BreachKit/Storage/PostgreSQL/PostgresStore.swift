import BreachDomain
import Foundation

/// The shared backend: one PostgreSQL database that a team's hosts use at once, through libpq.
///
/// Reads are `REPEATABLE READ READ ONLY` transactions: one snapshot, never blocked by writers. Units of
/// work are transactions that first take one transaction-scoped advisory lock (`writerLock`): writers
/// queue for it as they queue for SQLite's write lock — numbering, the chain head and lease claims are
/// decided by one writer at a time — while readers never wait. The database itself enforces what
/// clients must not be trusted with: the actor is the login (`session_user`), events are append-only,
/// each event chains to the one before it, `(stream, version)` is unique, and each role may touch only
/// what its job needs (`PostgresSchema`).
public final class PostgresStore: BreachStore, @unchecked Sendable {
    let connection: PGConnection
    /// The login this connection authenticated as: the actor of everything it appends.
    public let sessionUser: String
    public let location: String
    public var backendName: String { "postgresql" }
    public var openingWarnings: [String] { [] }

    /// The advisory lock key every unit of work holds until it ends ("breach" in ASCII).
    public static let writerLock: Int64 = 0x62_72_65_61_63_68

    private init(connection: PGConnection, sessionUser: String, location: String) {
        self.connection = connection
        self.sessionUser = sessionUser
        self.location = location
    }

    /// True when `location` names a PostgreSQL database (a `postgresql://` or `postgres://` URI).
    public static func accepts(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://") || location.hasPrefix("postgresql:")
            || location.hasPrefix("postgres:")
    }

    /// Connects and checks that the database holds breach's schema at a version this breach knows.
    ///
    /// With `initialise`, an empty database gets the schema, the group roles and their grants (`breach
    /// init`, run by the database owner); without it, a database without the schema is refused. A database
    /// of another application, or one written by a newer breach, is refused either way and left unchanged.
    public static func open(uri: String, initialise: Bool = false) throws -> PostgresStore {
        let location = PostgresLocation.redacted(uri)
        let connection: PGConnection
        do {
            connection = try PGConnection(uri)
        } catch let error as PGError {
            throw PostgresErrors.connecting(error, location: location)
        }
        let sessionUser: String
        let applied: Int?
        let foreignTables: Int
        do {
            // The usual case, a breach database, in one round trip; the catalogue is asked only when the
            // marker table is missing (a new database, or another application's).
            if let state = try knownSchema(connection) {
                (sessionUser, applied, foreignTables) = (state.sessionUser, state.applied, 0)
            } else {
                let state = try connection.query("""
                    SELECT session_user::text, to_regclass('public.breach_migrations') IS NOT NULL,
                           (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema'))
                    """)
                sessionUser = state.string(0, 0)
                foreignTables = state.int(0, 2) ?? 0
                if state.string(0, 1) == "t" {
                    applied = try connection.query("SELECT max(version) FROM breach_migrations").int(0, 0) ?? 0
                } else {
                    applied = nil
                }
            }
        } catch let error as PGError {
            throw PostgresErrors.breachError(error, login: nil, location: location)
        }
        let store = PostgresStore(connection: connection, sessionUser: sessionUser, location: location)
        guard let applied else {
            if foreignTables > 0 {
                throw BreachError(.database, "\(location) holds another application's tables, not breach's; point --db at an empty database or a breach database — nothing was changed")
            }
            guard initialise else {
                throw BreachError(.database, "\(location) has no breach schema yet; run `breach init --db <uri>` once as the database owner")
            }
            try store.migrate(from: 0)
            return store
        }
        if applied > latest {
            throw BreachError(.database, "\(location) was written by a newer breach (schema v\(applied); this breach knows up to v\(latest)); upgrade breach — the database was not modified")
        }
        if applied < latest {
            guard initialise else {
                throw BreachError(.database, "\(location) has breach schema v\(applied) and this breach needs v\(latest); run `breach init --db <uri>` as the database owner to upgrade it")
            }
            try store.migrate(from: applied)
        } else if initialise {
            // A second `init` re-creates missing group roles and re-applies the grants: harmless, and what
            // an operator expects after restoring a dump into a new cluster.
            try store.run { try $0.execute(PostgresSchema.createRoles + PostgresSchema.grants) }
        }
        return store
    }

    private static var latest: Int { PostgresSchema.latest }

    /// The login and the schema version of a database that has breach's marker table, nil when it has none
    /// (SQLSTATE 42P01, undefined table; outside a transaction, so nothing is left aborted).
    private static func knownSchema(_ connection: PGConnection) throws -> (sessionUser: String, applied: Int)? {
        do {
            let state = try connection.query("SELECT session_user::text, (SELECT max(version) FROM public.\(PostgresSchema.marker))")
            return (state.string(0, 0), state.int(0, 1) ?? 0)
        } catch let error as PGError where error.sqlState == "42P01" {
            return nil
        }
    }

    /// Applies the migrations after `applied`, with the roles and grants, each in one transaction.
    private func migrate(from applied: Int) throws {
        try run { connection in
            try connection.execute("BEGIN")
            do {
                try connection.query("SELECT pg_advisory_xact_lock($1)", [String(Self.writerLock)])
                try connection.execute(PostgresSchema.createRoles)
                // Read again under the lock: another `init` may have migrated meanwhile.
                var current = 0
                if try connection.query("SELECT to_regclass('public.breach_migrations') IS NOT NULL").string(0, 0) == "t" {
                    current = try connection.query("SELECT max(version) FROM breach_migrations").int(0, 0) ?? 0
                }
                for migration in PostgresSchema.migrations where migration.version > max(applied, current) {
                    try connection.execute(migration.sql)
                    try connection.query("INSERT INTO breach_migrations (version) VALUES ($1)", [String(migration.version)])
                }
                try connection.execute(PostgresSchema.grants)
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` on the connection, turning libpq failures into breach errors.
    func run<T>(_ body: (PGConnection) throws -> T) throws -> T {
        do {
            return try body(connection)
        } catch let error as PGError {
            throw PostgresErrors.breachError(error, login: sessionUser, location: location)
        }
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try body(PostgresUnitOfWork(self, readOnly: true)) }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN; SELECT pg_advisory_xact_lock(\(Self.writerLock))") {
            let unit = PostgresUnitOfWork(self, readOnly: false)
            // Held-back appends go out before any other statement of the unit, and before its COMMIT;
            // a unit that fails drops them (its transaction rolls back anyway).
            connection.beforeStatement = { [unowned unit] in try unit.flush() }
            defer { connection.beforeStatement = nil }
            let result = try body(unit)
            try unit.flush()
            return result
        }
    }

    /// Runs `body` between `begin` and `COMMIT`, rolling back on any failure. A connection lost meanwhile
    /// rolls back on the server by itself: nothing half-written survives, and re-running is safe.
    func transaction<T>(begin: String, _ body: () throws -> T) throws -> T {
        try run { try $0.execute(begin) }
        do {
            let result = try body()
            try run { try $0.execute("COMMIT") }
            return result
        } catch {
            try? connection.execute("ROLLBACK")
            if let error = error as? PGError { throw PostgresErrors.breachError(error, login: sessionUser, location: location) }
            throw error
        }
    }

    public func rebuild(progress: ((Int) -> Void)?) throws -> RebuildStats {
        try write { unit in try (unit as! PostgresUnitOfWork).rebuild(progress: progress) }
    }

    public func verify() throws -> IntegrityReport {
        try read { reader in try (reader as! PostgresUnitOfWork).verify() }
    }
}

import BreachDomain
import Foundation

/// Opens the store that a `--db` / `$BREACH_DB` value names.
public enum BreachStores {
    /// Opens the store at `location`: a `postgresql://` (or `postgres://`) URI names a PostgreSQL database,
    /// which must already hold breach's schema (`breach init`); anything else is a SQLite file path,
    /// created when missing.
    public static func open(_ location: String) throws -> any BreachStore {
        if PostgresStore.accepts(location) { return try PostgresStore.open(uri: location) }
        return try SQLiteStore.open(path: location)
    }

    /// Opens the store at `location`, creating its schema first where that is a separate step: on
    /// PostgreSQL the schema, the group roles and their grants (`breach init`, run by the database owner).
    public static func initialise(_ location: String) throws -> any BreachStore {
        if PostgresStore.accepts(location) { return try PostgresStore.open(uri: location, initialise: true) }
        return try SQLiteStore.open(path: location)
    }

    /// True when `location` names a database on a server rather than a file.
    public static func isServer(_ location: String) -> Bool { PostgresStore.accepts(location) }
}

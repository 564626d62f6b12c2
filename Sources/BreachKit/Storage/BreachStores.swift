import BreachDomain
import Foundation

/// Opens the store that a `--db` / `$BREACH_DB` value names.
public enum BreachStores {
    /// Opens (or creates) the store at `location`: today a SQLite file path; the place where further
    /// backends are recognised by their location's form (a `postgresql://` URI, say).
    public static func open(_ location: String) throws -> any BreachStore {
        try SQLiteStore.open(path: location)
    }
}

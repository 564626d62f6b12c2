import BreachDomain
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The breach SQLite database: opened safely, migrated, and the one owner of its connection.
///
/// Opening creates the file with mode 0600, refuses a database written by a newer breach without
/// touching it, switches it to WAL, and waits (busy timeout) instead of failing when another process
/// holds the write lock.
public final class BreachDatabase: @unchecked Sendable {
    /// The connection. A queue: the CLI does one thing at a time, and WAL lets other processes read meanwhile.
    public let queue: DatabaseQueue
    public let path: String

    /// How long a command waits for another process's write lock before giving up, by default.
    public static let defaultBusyTimeout: TimeInterval = 15
    /// How long this connection waits for another process's write lock.
    public let busyTimeout: TimeInterval

    private init(queue: DatabaseQueue, path: String, busyTimeout: TimeInterval) {
        self.queue = queue
        self.path = path
        self.busyTimeout = busyTimeout
    }

    /// Opens (or creates) the database at `path`.
    public static func open(path: String, busyTimeout: TimeInterval = defaultBusyTimeout) throws -> BreachDatabase {
        let existed = FileManager.default.fileExists(atPath: path)
        // A dangling symbolic link: SQLite would create the file wherever it points, with the default
        // (world-readable) mode. Refused: never follow a link to a file that does not exist.
        if !existed, (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
            throw BreachError(.database, "\(path) is a symbolic link to a missing file; breach never follows a dangling link — point --db at the real path")
        }
        if !existed { try createPrivateFile(at: path) }
        // A file this user cannot write (an auditor's evidence copy): opened read-only, so that read
        // commands work on it; anything that would write fails with a clear message.
        if existed && access(path, W_OK) != 0 && access(path, R_OK) == 0 {
            return try openReadOnly(path: path, busyTimeout: busyTimeout)
        }
        // An existing database readable by others is made private (0600), like a new one, and said so.
        let tightened = existed ? tightenPermissions(of: path) : nil
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "breach"
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            if DiskSpace.isFull(at: path) { throw BreachError.diskFull(path) }
            throw BreachError(.database, "cannot open database \(path): \(describe(error)); check the path and permissions (--db or $BREACH_DB)")
        }
        let migrator = SchemaMigrations.migrator
        do {
            try queue.inDatabase { db in
                // Checked before anything writes: a newer or foreign file must stay byte-for-byte untouched.
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if !tables.isEmpty && !tables.contains("grdb_migrations") {
                    throw BreachError(.database, "\(path) is a SQLite database but not a breach database; point --db at a breach database or a new file")
                }
                if try migrator.hasBeenSuperseded(db) {
                    let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                    throw BreachError(.database, "\(path) was written by a newer breach (schema \(applied.last ?? "?"); this breach knows up to \(migrator.migrations.last ?? "?")); upgrade breach — the file was not modified")
                }
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            try migrator.migrate(queue)
        } catch let error as BreachError {
            throw error
        } catch {
            if (error as? DatabaseError)?.resultCode == .SQLITE_FULL || DiskSpace.isFull(at: path) { throw BreachError.diskFull(path) }
            throw BreachError(.database, "cannot use database \(path): \(describe(error)); if the file is damaged, restore it from a backup")
        }
        let database = BreachDatabase(queue: queue, path: path, busyTimeout: busyTimeout)
        database.permissionsTightened = tightened
        return database
    }

    /// Whether the file was opened read-only because this user cannot write it.
    public private(set) var isReadOnly = false

    /// Opens a database this user may read but not write. A WAL database needs its `-shm` file, which a
    /// read-only folder cannot hold; SQLite's `immutable` open then reads the file as it is (its `-wal`, if
    /// any, must be checkpointed into it first — `breach verify` on the original does that).
    private static func openReadOnly(path: String, busyTimeout: TimeInterval) throws -> BreachDatabase {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "breach-readonly"
        let migrator = SchemaMigrations.migrator
        var lastError: Error?
        for candidate in [path, "file:" + path + "?immutable=1"] {
            do {
                let queue = try DatabaseQueue(path: candidate, configuration: config)
                try queue.read { db in
                    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                    guard tables.contains("grdb_migrations") else {
                        throw BreachError(.database, "\(path) is not a breach database; point --db at a breach database")
                    }
                    if try migrator.hasBeenSuperseded(db) {
                        throw BreachError(.database, "\(path) was written by a newer breach; upgrade breach — the file was not modified")
                    }
                    guard try migrator.hasCompletedMigrations(db) else {
                        throw BreachError(.database, "\(path) is read-only and was written by an older breach, so it cannot be upgraded; copy it somewhere writable first")
                    }
                }
                let database = BreachDatabase(queue: queue, path: path, busyTimeout: busyTimeout)
                database.isReadOnly = true
                return database
            } catch let error as BreachError {
                throw error
            } catch {
                lastError = error
            }
        }
        throw BreachError(.database, "cannot open the read-only database \(path): \(lastError.map(describe) ?? "unknown error"); copy it somewhere writable")
    }

    /// The mode an existing file had when `open` made it private (0600), or nil when it already was.
    public private(set) var permissionsTightened: Int?

    /// Removes group and other permissions from the database and its WAL/SHM files when this user owns
    /// them; returns the database's previous mode when it changed. A file owned by someone else (an
    /// auditor's read-only copy) is left alone.
    private static func tightenPermissions(of path: String) -> Int? {
        var changed: Int?
        for (index, file) in [path, path + "-wal", path + "-shm"].enumerated() {
            var info = stat()
            guard stat(file, &info) == 0, info.st_uid == geteuid(), info.st_mode & 0o077 != 0 else { continue }
            if chmod(file, info.st_mode & 0o700) == 0, index == 0 { changed = Int(info.st_mode & 0o777) }
        }
        return changed
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: the write lock is taken before anything is read,
    /// so the read-decide-append cycle inside cannot interleave with another writer.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as BreachError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw BreachError(.database, "\(path) is read-only for this user: read commands work on it, changes need a writable database")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL || DiskSpace.isFull(at: path) {
            throw BreachError.diskFull(path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw BreachError(.busy, "the database is busy (another breach process held it for over \(Int(busyTimeout.rounded(.up))) s); re-run the command")
        } catch let error as DatabaseError {
            throw BreachError(.database, "database error: \(Self.describe(error))")
        }
    }

    /// A second, read-only connection to the same file, for reading the log on another thread while this
    /// connection writes (a rebuild). Close it by releasing it.
    public func openReader() throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "breach-reader"
        do {
            return try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw BreachError(.database, "cannot open a second connection to \(path): \(Self.describe(error)); check the file's permissions")
        }
    }

    /// Runs `body` with a consistent snapshot for reading.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as BreachError {
            throw error
        } catch let error as DatabaseError {
            throw BreachError(.database, "database error: \(Self.describe(error))")
        }
    }

    private static func createPrivateFile(at path: String) throws {
        let descriptor = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            let reason = String(cString: strerror(errno))
            if errno == EEXIST { return }
            throw BreachError(.database, "cannot create database \(path): \(reason); check that the directory exists and is writable")
        }
        close(descriptor)
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}

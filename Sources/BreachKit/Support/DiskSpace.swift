import Foundation

/// Free space on the file system that holds a path, for telling a full disk from other I/O errors.
enum DiskSpace {
    /// Below this many free bytes SQLite cannot create its `-wal`/`-shm` files or grow the log.
    static let nearlyFull: UInt64 = 64 * 1024

    /// True when the file system holding `path` (or its folder, for a file not created yet) has less than
    /// `nearlyFull` bytes available to this user. False when it cannot tell.
    static func isFull(at path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < nearlyFull
    }
}

extension BreachError {
    /// The one message for a full disk, whichever SQLite call noticed it first (opening needs space for
    /// the `-wal` and `-shm` files; a write needs it for the log).
    static func diskFull(_ path: String) -> BreachError {
        BreachError(.database, "the disk holding \(path) is full; nothing was written — free space and re-run the command")
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real, throwaway PostgreSQL 15 server for the tests: one cluster per test process, started on first
/// use and stopped and removed when the process exits.
///
/// `initdb` runs as the `postgres` user (via `runuser` when the tests run as root) into a fresh folder
/// under the temporary directory; the server listens on 127.0.0.1 at a free port and on a unix socket
/// in that folder. Local (socket) logins are trusted, so a test can act as any role it created;
/// TCP logins on 127.0.0.1 need a password (SCRAM), so authentication failures are real. Each test
/// makes its own database (`makeDatabase()`), so tests never see each other's data.
public final class PostgresCluster: @unchecked Sendable {
    /// The folder holding the cluster's data and its socket.
    public let directory: String
    public let port: Int
    /// The bootstrap superuser.
    public let superuser = "postgres"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var started: Result<PostgresCluster, Error>?
    nonisolated(unsafe) private static var databaseCount = 0

    /// The cluster of this test process, started on first use.
    public static func shared() throws -> PostgresCluster {
        lock.lock()
        defer { lock.unlock() }
        if let started { return try started.get() }
        let result = Result { try PostgresCluster() }
        started = result
        if case .success = result { atexit { PostgresCluster.stopShared() } }
        return try result.get()
    }

    /// Where the PostgreSQL 15 server binaries are, or nil when it is not installed (scripts/setup-deps).
    public static let binaries: String? = {
        let candidates = ["/usr/lib/postgresql/15/bin", "/usr/local/pgsql/bin"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/pg_ctl") }
    }()

    private init() throws {
        guard let bin = Self.binaries else {
            throw ClusterError("PostgreSQL 15 server binaries are not installed; run scripts/setup-deps (package postgresql)")
        }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("breach-pg-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        directory = base
        port = try Self.freePort()
        let asPostgres = geteuid() == 0
        if asPostgres {
            guard let entry = getpwnam("postgres") else { throw ClusterError("no `postgres` user to run initdb as") }
            chown(base, entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        chmod(base, 0o700)
        let data = base + "/data"
        try Self.run(bin + "/initdb", ["-D", data, "-U", superuser, "-A", "trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                                       "--locale=C.UTF-8", "--no-sync"], asPostgres: asPostgres)
        let settings = """
            listen_addresses = '127.0.0.1'
            port = \(port)
            unix_socket_directories = '\(base)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 200
            shared_buffers = 64MB
            """
        try Self.appendLine(settings, to: data + "/postgresql.conf", asPostgres: asPostgres)
        try Self.run(bin + "/pg_ctl", ["-D", data, "-l", base + "/server.log", "-w", "-t", "60", "start"], asPostgres: asPostgres)
        binDirectory = bin
        runsAsPostgres = asPostgres
    }

    private var binDirectory = ""
    private var runsAsPostgres = false
    private var stopped = false

    /// A `postgresql://` URI for `database` on this cluster through its unix socket, as `user`.
    public func uri(database: String, user: String? = nil) -> String {
        "postgresql:///\(database)?host=\(directory)&port=\(port)&user=\(user ?? superuser)"
    }

    /// A URI for `database` over TCP on 127.0.0.1, as `user` with `password` (SCRAM-checked).
    public func tcpURI(database: String, user: String, password: String) -> String {
        "postgresql://\(user):\(password)@127.0.0.1:\(port)/\(database)"
    }

    /// Creates an empty database owned by the superuser and returns its name.
    public func makeDatabase(prefix: String = "t") throws -> String {
        Self.lock.lock()
        Self.databaseCount += 1
        let name = "\(prefix)_\(Self.databaseCount)_\(UUID().uuidString.prefix(6).lowercased())"
        Self.lock.unlock()
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// Runs SQL with `psql` as the superuser (or `user`) and returns what it printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres", user: String? = nil) throws -> String {
        let output = try Self.capture(binDirectory + "/psql",
                                      ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", String(port),
                                       "-U", user ?? superuser, "-d", database, "-c", sql])
        guard output.status == 0 else { throw ClusterError("psql failed (\(output.status)): \(output.stderr) — SQL: \(sql)") }
        return output.stdout
    }

    /// Stops the server and removes its folder (at exit; callable earlier).
    public func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? Self.run(binDirectory + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"], asPostgres: runsAsPostgres)
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func stopShared() {
        if case let .success(cluster)? = started { cluster.stop() }
    }

    /// A TCP port on 127.0.0.1 nobody listens on now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ClusterError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func run(_ tool: String, _ arguments: [String], asPostgres: Bool) throws {
        let output = asPostgres
            ? try capture("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + arguments)
            : try capture(tool, arguments)
        guard output.status == 0 else {
            throw ClusterError("\((tool as NSString).lastPathComponent) failed (\(output.status)): \(output.stderr)\(output.stdout)")
        }
    }

    private static func appendLine(_ text: String, to path: String, asPostgres: Bool) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + text + "\n").utf8))
    }

    /// Runs a program and returns its status and output (files, not pipes, so it never blocks).
    public static func capture(_ executable: String, _ arguments: [String], environment: [String: String]? = nil)
        throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        // Output goes to files, not pipes: a child (a server pg_ctl starts) that keeps a pipe open would
        // otherwise block the read forever.
        let folder = FileManager.default.temporaryDirectory
        let outURL = folder.appendingPathComponent("breach-capture-\(UUID().uuidString).out")
        let errURL = folder.appendingPathComponent("breach-capture-\(UUID().uuidString).err")
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        defer { for url in [outURL, errURL] { try? FileManager.default.removeItem(at: url) } }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let stdout = (try? Data(contentsOf: outURL)) ?? Data(), stderr = (try? Data(contentsOf: errURL)) ?? Data()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Why the cluster could not be used.
    public struct ClusterError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

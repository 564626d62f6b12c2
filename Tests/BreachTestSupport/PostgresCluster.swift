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

    /// Where a cluster runs and whom it lets in beyond the shared cluster's 127.0.0.1 and socket.
    public struct Placement: Sendable {
        /// The network namespace (`ip netns`) the server runs in, or nil for the test process's own.
        public var namespace: String?
        /// The addresses it listens on (in its namespace).
        public var listenAddresses: [String]
        /// Lines appended to `pg_hba.conf` (e.g. `hostssl all all 169.254.77.0/24 scram-sha-256`).
        public var hostRules: [String]
        /// A certificate and key to serve TLS with (`ssl = on`), or nil for none.
        public var certificate: TestCertificate?

        public init(namespace: String? = nil, listenAddresses: [String] = ["127.0.0.1"], hostRules: [String] = [],
                    certificate: TestCertificate? = nil) {
            self.namespace = namespace
            self.listenAddresses = listenAddresses
            self.hostRules = hostRules
            self.certificate = certificate
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var started: Result<PostgresCluster, Error>?
    nonisolated(unsafe) private static var placed: [PostgresCluster] = []
    nonisolated(unsafe) private static var databaseCount = 0

    /// The cluster of this test process, started on first use.
    public static func shared() throws -> PostgresCluster {
        lock.lock()
        defer { lock.unlock() }
        if let started { return try started.get() }
        removeAbandonedClusters()
        let result = Result { try PostgresCluster(Placement()) }
        started = result
        if case .success = result { atexit { PostgresCluster.stopShared() } }
        return try result.get()
    }

    /// A cluster of its own placed as `placement` says (in a network namespace, say), for a test that
    /// needs one; stop it when done (it is also stopped at exit).
    public static func start(_ placement: Placement) throws -> PostgresCluster {
        let cluster = try PostgresCluster(placement)
        lock.lock()
        defer { lock.unlock() }
        if placed.isEmpty && started == nil { atexit { PostgresCluster.stopShared() } }
        placed.append(cluster)
        return cluster
    }

    /// Where the PostgreSQL 15 server binaries are, or nil when it is not installed (scripts/setup-deps).
    public static let binaries: String? = {
        let candidates = ["/usr/lib/postgresql/15/bin", "/usr/local/pgsql/bin"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/pg_ctl") }
    }()

    private init(_ placement: Placement) throws {
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
        var tls = ""
        if let certificate = placement.certificate {
            // The server refuses a key others can read, so it gets copies it owns.
            for (source, name) in [(certificate.certPath, "server.crt"), (certificate.keyPath, "server.key")] {
                try FileManager.default.copyItem(atPath: source, toPath: data + "/" + name)
                chmod(data + "/" + name, 0o600)
                if asPostgres, let entry = getpwnam("postgres") { chown(data + "/" + name, entry.pointee.pw_uid, entry.pointee.pw_gid) }
            }
            tls = "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'"
        }
        if !placement.hostRules.isEmpty {
            try Self.appendLine(placement.hostRules.joined(separator: "\n"), to: data + "/pg_hba.conf", asPostgres: asPostgres)
        }
        // The timeouts are far above what any test needs; they turn a deadlock between a test's own
        // connections into an error instead of a run that never ends.
        let settings = """
            listen_addresses = '\(placement.listenAddresses.joined(separator: ","))'
            port = \(port)
            unix_socket_directories = '\(base)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 200
            shared_buffers = 64MB
            lock_timeout = '60s'
            statement_timeout = '120s'
            idle_in_transaction_session_timeout = '120s'
            \(tls)
            """
        try Self.appendLine(settings, to: data + "/postgresql.conf", asPostgres: asPostgres)
        try Self.run(bin + "/pg_ctl", ["-D", data, "-l", base + "/server.log", "-w", "-t", "60", "start"], asPostgres: asPostgres,
                     namespace: placement.namespace)
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

    /// Stops and removes the clusters of earlier test processes that died without running `atexit`
    /// (killed by a timeout or a signal), found by the process id in their folder's name.
    private static func removeAbandonedClusters() {
        let temporary = FileManager.default.temporaryDirectory
        guard let bin = binaries, let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where name.hasPrefix("breach-pg-") {
            guard let owner = name.split(separator: "-").dropFirst(2).first.flatMap({ pid_t($0) }), owner != getpid(),
                  kill(owner, 0) != 0, errno == ESRCH else { continue }
            let folder = temporary.appendingPathComponent(name).path
            let stopArguments = ["-D", folder + "/data", "-m", "immediate", "-w", "stop"]
            _ = try? run(bin + "/pg_ctl", stopArguments, asPostgres: geteuid() == 0)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    private static func stopShared() {
        if case let .success(cluster)? = started { cluster.stop() }
        for cluster in placed { cluster.stop() }
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

    /// Runs a server tool (as `postgres` when asked), inside `namespace` when given: a server started
    /// there listens on that namespace's interfaces.
    private static func run(_ tool: String, _ arguments: [String], asPostgres: Bool, namespace: String? = nil) throws {
        var command = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments : [tool] + arguments
        if let namespace { command = ["/usr/sbin/ip", "netns", "exec", namespace] + command }
        let output = try capture(command[0], Array(command.dropFirst()))
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

    /// Runs a program and returns its status and output; kills it and throws after `timeout` seconds.
    ///
    /// Spawned with `posix_spawn` and reaped with `waitpid`, not with Foundation's `Process`: `Process`
    /// learns that a child ended when a socket it shares with the child closes, and the server `pg_ctl`
    /// starts inherits that socket and keeps it open, so `waitUntilExit()` never returned. The child also
    /// gets no descriptor beyond stdin/stdout/stderr, so the server cannot hold another test's open either.
    public static func capture(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                               timeout: Double = 120) throws -> (status: Int32, stdout: String, stderr: String) {
        let folder = FileManager.default.temporaryDirectory
        let outPath = folder.appendingPathComponent("breach-capture-\(UUID().uuidString).out").path
        let errPath = folder.appendingPathComponent("breach-capture-\(UUID().uuidString).err").path
        defer { for path in [outPath, errPath] { try? FileManager.default.removeItem(atPath: path) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envStrings = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        let envp: [UnsafeMutablePointer<CChar>?]? = envStrings.map { $0.map { strdup($0) } + [nil] }
        defer { envp?.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned: Int32 = argv.withUnsafeBufferPointer { args in
            if let envp {
                return envp.withUnsafeBufferPointer { env in
                    posix_spawn(&pid, executable, &actions, nil, args.baseAddress!, env.baseAddress!)
                }
            }
            return posix_spawn(&pid, executable, &actions, nil, args.baseAddress!, environ)
        }
        guard spawned == 0 else { throw ClusterError("cannot start \(executable): \(String(cString: strerror(spawned)))") }

        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { throw ClusterError("waitpid for \(executable) failed: \(String(cString: strerror(errno)))") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw ClusterError("\((executable as NSString).lastPathComponent) did not finish within \(Int(timeout)) s and was killed")
            }
            usleep(20_000)
        }
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let stdout = FileManager.default.contents(atPath: outPath) ?? Data()
        let stderr = FileManager.default.contents(atPath: errPath) ?? Data()
        return (exitStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time because Swift's
    /// Glibc module does not import it.
    private static let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Why the cluster could not be used.
    public struct ClusterError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

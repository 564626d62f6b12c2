import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Several test hosts on this one machine: network namespaces (`ip netns`) that only the test made,
/// joined by veth pairs to a bridge in the first one, on link-local addresses (169.254.77.0/24) that
/// exist nowhere else — no route leads out of them, and the test process's own namespace never gets one.
///
/// The first host is the server (`169.254.77.1`); the others are clients (`.2`, `.3`, …). Each host
/// also has its own loopback, so a receiver on 127.0.0.1 in a host is that host's alone. Namespaces
/// are deleted by `remove()`, at exit, or by the next test process when this one died without either.
public final class TestNetwork: @unchecked Sendable {
    /// One namespace of the network.
    public struct Host: Sendable {
        public let name: String
        /// The `ip netns` name.
        public let namespace: String
        /// Its address on the link.
        public let address: String
        /// Runs a command on this host, with `name` as its host name (its own UTS namespace too): prefix
        /// the program and its arguments with this.
        public var launcher: [String] {
            [TestNetwork.ip, "netns", "exec", namespace, "/usr/bin/unshare", "--uts", "/bin/sh", "-c",
             "hostname \"$1\" && shift && exec \"$@\"", "sh", name]
        }
    }

    public static let ip = "/usr/sbin/ip"
    public static let subnet = "169.254.77.0/24"
    public let hosts: [Host]
    private var removed = false

    private static let lock = NSLock()
    nonisolated(unsafe) private static var live: [TestNetwork] = []

    /// Why namespaces cannot be made here (not root, no CAP_SYS_ADMIN, no iproute2), or nil when they can;
    /// found once by making and deleting one.
    public static let unavailableReason: String? = {
        guard FileManager.default.isExecutableFile(atPath: ip) else { return "\(ip) is not installed (Debian package iproute2)" }
        guard geteuid() == 0 else { return "`ip netns` needs root; these tests run as uid \(geteuid())" }
        let probe = "breach-\(getpid())-probe"
        do {
            try command([ip, "netns", "add", probe])
            try command([ip, "netns", "delete", probe])
            return nil
        } catch {
            return "`ip netns add` is not permitted here: \(error)"
        }
    }()

    /// True when namespaces can be made; prints why not otherwise (for the test log).
    public static var isPermitted: Bool {
        if let reason = unavailableReason {
            print("skipping the multi-host tests: \(reason)")
            return false
        }
        return true
    }

    /// Makes the server host named `names[0]` and a client host for each further name.
    public init(_ names: [String]) throws {
        precondition(names.count >= 2 && names.count < 200, "a network needs a server and at least one client")
        Self.removeAbandoned()
        let tag = "\(getpid())-\(UUID().uuidString.prefix(6).lowercased())"
        hosts = names.enumerated().map { index, name in
            Host(name: name, namespace: "breach-\(tag)-\(index)", address: "169.254.77.\(index + 1)")
        }
        Self.lock.lock()
        Self.live.append(self)
        if Self.live.count == 1 { atexit { TestNetwork.removeAll() } }
        Self.lock.unlock()
        do {
            for host in hosts {
                try Self.command([Self.ip, "netns", "add", host.namespace])
                try Self.command([Self.ip, "-n", host.namespace, "link", "set", "lo", "up"])
            }
            let server = hosts[0].namespace
            try Self.command([Self.ip, "-n", server, "link", "add", "br0", "type", "bridge"])
            try Self.command([Self.ip, "-n", server, "addr", "add", "\(hosts[0].address)/24", "dev", "br0"])
            try Self.command([Self.ip, "-n", server, "link", "set", "br0", "up"])
            // Each pair is made inside the namespaces it joins: no end ever appears in the test process's own.
            for (index, host) in hosts.enumerated().dropFirst() {
                try Self.command([Self.ip, "-n", server, "link", "add", "v\(index)", "type", "veth", "peer", "name", "eth0",
                                  "netns", host.namespace])
                try Self.command([Self.ip, "-n", server, "link", "set", "v\(index)", "master", "br0", "up"])
                try Self.command([Self.ip, "-n", host.namespace, "addr", "add", "\(host.address)/24", "dev", "eth0"])
                try Self.command([Self.ip, "-n", host.namespace, "link", "set", "eth0", "up"])
            }
        } catch {
            remove()
            throw error
        }
    }

    /// The host named `name`.
    public func host(_ name: String) -> Host { hosts.first { $0.name == name }! }

    /// Deletes the namespaces (and with them the links and addresses). Stop servers inside them first.
    public func remove() {
        guard !removed else { return }
        removed = true
        for host in hosts { _ = try? Self.command([Self.ip, "netns", "delete", host.namespace]) }
    }

    private static func removeAll() {
        for network in live { network.remove() }
    }

    /// Deletes namespaces left by test processes that died before removing them (named by their pid).
    private static func removeAbandoned() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/run/netns") else { return }
        for name in names where name.hasPrefix("breach-") {
            guard let owner = name.split(separator: "-").dropFirst().first.flatMap({ pid_t($0) }), owner != getpid(),
                  kill(owner, 0) != 0, errno == ESRCH else { continue }
            _ = try? command([ip, "netns", "delete", name])
        }
    }

    @discardableResult
    static func command(_ arguments: [String]) throws -> String {
        let output = try PostgresCluster.capture(arguments[0], Array(arguments.dropFirst()), timeout: 30)
        guard output.status == 0 else {
            throw TestSupportError("\(arguments.joined(separator: " ")) failed (\(output.status)): \(output.stderr)")
        }
        return output.stdout
    }
}

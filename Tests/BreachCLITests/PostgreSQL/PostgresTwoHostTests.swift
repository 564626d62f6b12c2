import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// breach on hosts that share one PostgreSQL server over a network: the server in one network
/// namespace, `breach` in two others as TCP clients (TLS, `sslmode=verify-full`, SCRAM logins), each
/// host with its own webhook receiver on its own loopback. The link is a veth/bridge network on
/// link-local addresses inside namespaces the test makes and deletes (`TestNetwork`).
@Suite("breach on PostgreSQL from two hosts (network namespaces)", .serialized, .timeLimit(.minutes(10)),
       .enabled(if: TestNetwork.isPermitted, "`ip netns` is not permitted here (needs root); the reason is printed"))
struct PostgresTwoHostTests {
    typealias S = DeliveryScenario

    /// The server host `db` and the client hosts `host-a` and `host-b`, a TLS cluster on `db` that only
    /// lets the link's hosts in over TLS with a password, and a breach database on it.
    final class TwoHosts {
        let network: TestNetwork
        let cluster: PostgresCluster
        var cli: BreachCLI
        /// The test's certificate authority, the clients' only root (`sslrootcert`); it issued the server's certificate.
        let authority: TestCertificate
        let folder: TemporaryDirectory

        init() throws {
            network = try TestNetwork(["db", "host-a", "host-b"])
            do {
                folder = try TemporaryDirectory("pg-tls")
                let server = network.host("db")
                authority = try TestCertificate.authority(in: folder, subject: "/CN=breach two-host test CA \(UUID().uuidString)")
                let certificate = try TestCertificate(in: folder, name: "db", subject: "/CN=\(server.address)",
                                                      subjectAltName: "IP:\(server.address)", issuer: authority)
                cluster = try PostgresCluster.start(.init(namespace: server.namespace, listenAddresses: [server.address],
                                                          hostRules: ["hostssl all all \(TestNetwork.subnet) scram-sha-256"],
                                                          certificate: certificate))
                cli = try BreachCLI(cluster: cluster)
                cli.environment = [S.secretVariable: S.secret]
            } catch {
                network.remove()
                throw error
            }
        }

        deinit {
            cluster.stop()
            network.remove()
        }

        /// Creates login `name` in `group` with a password (roles are cluster-wide; this cluster is the test's own).
        func login(_ name: String, _ group: String) throws {
            try cluster.psql("CREATE ROLE \(name) LOGIN PASSWORD 'pw-\(name)'; GRANT \(group) TO \(name)")
        }

        /// The URI a client host uses: TCP to the server's link address, TLS verified (chain to the test CA,
        /// the certificate's IP address equal to the one dialled).
        /// `root` replaces the test CA as the trusted root; `extra` is appended to the query (e.g. `hostaddr=…`).
        func uri(as user: String, sslmode: String = "verify-full", address: String? = nil, root: String? = nil, extra: String = "") -> String {
            "postgresql://\(user):pw-\(user)@\(address ?? network.host("db").address):\(cluster.port)/\(cli.postgresDatabase!)"
                + "?sslmode=\(sslmode)&sslrootcert=\(root ?? authority.certPath)&connect_timeout=3\(extra)"
        }

        /// Starts `breach arguments…` on `host` as `user`.
        func start(_ arguments: [String], on host: String, as user: String, now: String = BreachCLI.defaultNow,
                   sslmode: String = "verify-full", address: String? = nil, root: String? = nil, extra: String = "") throws -> BreachCLI.Running {
            try cli.start(arguments, now: now, through: network.host(host).launcher,
                          environment: ["BREACH_DB": uri(as: user, sslmode: sslmode, address: address, root: root, extra: extra),
                                        "BREACH_ACTOR": user])
        }

        func run(_ arguments: [String], on host: String, as user: String, now: String = BreachCLI.defaultNow,
                 sslmode: String = "verify-full", address: String? = nil, root: String? = nil, extra: String = "") throws -> BreachCLI.Output {
            try start(arguments, on: host, as: user, now: now, sslmode: sslmode, address: address, root: root, extra: extra).wait(timeout: 120)
        }
    }

    /// A webhook receiver on 127.0.0.1:`port` of each client host: the contacts' URL reaches whichever
    /// host's receiver the sending checker runs beside, so each receiver's log is what that host sent.
    static func receivers(_ hosts: TwoHosts, port: Int) throws -> [String: TestServer] {
        var servers: [String: TestServer] = [:]
        for name in ["host-a", "host-b"] {
            servers[name] = try TestServer(script: "webhook_server.py", arguments: ["--secret", S.secret, "--port", String(port)],
                                           directory: hosts.cli.directory, name: "webhooks-\(name)",
                                           launcher: hosts.network.host(name).launcher)
        }
        return servers
    }

    /// Contacts tagged `batch` (`count` of them, webhooks to `path`), an incident affecting them declared
    /// at T, and its customer notifications queued at T+1h, not attempted. Returns the notification ids.
    static func queuedBatch(_ hosts: TwoHosts, _ batch: String, count: Int, port: Int, path: String) throws -> Set<String> {
        var csv = "id,name,role,tags,email,webhook_url,webhook_secret,webhook_format\n"
        for index in 1...count {
            csv += "\(batch)-\(index),Customer \(batch) \(index),customer-admin,batch:\(batch),,http://127.0.0.1:\(port)\(path),env:\(S.secretVariable),generic\n"
        }
        let file = hosts.cli.directory.path("\(batch).csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        try hosts.cli.succeed("contact", "import", file)
        let id = try hosts.cli.detect("Batch \(batch)")
        try hosts.cli.succeed("affect", id, "--tag", "batch:\(batch)")
        try hosts.cli.succeed("declare", id, "--reason", "customer PII exposed")
        let service = IncidentService(store: try BreachStores.open(hosts.cli.databasePath),
                                      clock: FixedClock(RFC3339.parse(S.at(1))!), actor: hosts.cli.actor)
        let queued = try NotificationOutbox(service: service, configuration: BreachConfiguration(), environment: [:])
            .queue(incidentID: id, obligationID: "customer-admins").notifications
        #expect(queued.count == count)
        return Set(queued.map(\.id))
    }

    static func keys(_ server: TestServer?) -> [String] {
        (server?.log() ?? []).compactMap { header("Idempotency-Key", of: $0) }
    }

    static func delivered(_ output: BreachCLI.Output) throws -> Set<String> {
        let items = try #require(try output.object()["delivered"] as? [[String: Any]], "\(output)")
        // A delivered item's detail is the notification id.
        return Set(items.compactMap { $0["detail"] as? String })
    }

    @Test func checkersOnTwoHostsShareDueWorkAndSendEachNotificationOnce() throws {
        let hosts = try TwoHosts()
        try "webhook:\n  connect_timeout_seconds: 2\n  timeout_seconds: 10\n"
            .write(toFile: hosts.cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        try hosts.login("checker_a", "breach_checker")
        try hosts.login("checker_b", "breach_checker")
        let port = try PostgresCluster.freePort()
        let receivers = try Self.receivers(hosts, port: port)

        // Given host-a's checker in the middle of sending a slow batch (its leases taken, its requests in flight)
        let slow = try Self.queuedBatch(hosts, "slow", count: 40, port: port, path: "/sleep/2")
        let onA = try hosts.start(["check", "--json"], on: "host-a", as: "checker_a", now: S.at(1.1))
        #expect(receivers["host-a"]!.log(atLeast: 1, timeout: 60).count >= 1, "host-a's checker never reached its receiver")
        // When more work becomes due and host-b's checker runs meanwhile
        let more = try Self.queuedBatch(hosts, "more", count: 40, port: port, path: "/sleep/0.1")
        let onB = try hosts.run(["check", "--json"], on: "host-b", as: "checker_b", now: S.at(1.1))
        let outputA = try onA.wait(timeout: 120)
        // Then host-b sent only the new work and host-a only its own: nothing held by the other host was touched
        #expect(onB.status == 0, "\(onB)")
        #expect(outputA.status == 0, "\(outputA)")
        #expect(try Self.delivered(onB) == more)
        #expect(try Self.delivered(outputA) == slow)
        #expect(Set(Self.keys(receivers["host-b"])) == more)
        #expect(Set(Self.keys(receivers["host-a"])) == slow)

        // When both hosts' checkers start at the same moment on a third batch
        let same = try Self.queuedBatch(hosts, "same", count: 60, port: port, path: "/sleep/0.05")
        let beforeA = Self.keys(receivers["host-a"]).count, beforeB = Self.keys(receivers["host-b"]).count
        let runs: [(String, BreachCLI.Running)] = try [("host-a", "checker_a"), ("host-b", "checker_b")].map { host, user in
            let run = try hosts.start(["check", "--json"], on: host, as: user, now: S.at(1.2))
            return (host, run)
        }
        var sentBy: [String: Set<String>] = [:]
        for (host, run) in runs {
            let output = try run.wait(timeout: 120)
            #expect(output.status == 0, "\(host): \(output)")
            sentBy[host] = try Self.delivered(output)
        }
        // Then each notification was attempted by exactly one of them, and what each reported is what its receiver got
        #expect(sentBy["host-a"]!.intersection(sentBy["host-b"]!).isEmpty)
        #expect(sentBy["host-a"]!.union(sentBy["host-b"]!) == same)
        #expect(Set(Self.keys(receivers["host-a"]).dropFirst(beforeA)) == sentBy["host-a"]!)
        #expect(Set(Self.keys(receivers["host-b"]).dropFirst(beforeB)) == sentBy["host-b"]!)

        // And over the whole run every Idempotency-Key arrived once, signed, at one host's receiver or the other
        let all = Self.keys(receivers["host-a"]) + Self.keys(receivers["host-b"])
        #expect(all.count == 140)
        #expect(Set(all) == slow.union(more).union(same))
        #expect((receivers.values.flatMap { $0.log() }).allSatisfy { $0["signature_valid"] as? Bool == true })

        // When both checkers run at once past the warning thresholds and the deadline
        for now in [S.at(60), S.at(73)] {
            let runs = try [("host-a", "checker_a"), ("host-b", "checker_b")].map { host, user in
                try hosts.start(["check", "--json"], on: host, as: user, now: now)
            }
            for run in runs { let output = try run.wait(timeout: 120); #expect([0, 2, 3].contains(output.status), "\(output)") }
        }
        // Then every warning and missed deadline is recorded once, by the two checkers' logins
        let duplicates = try hosts.cli.sql("""
            SELECT stream, type, payload FROM events
            WHERE type IN ('obligation.deadline_warning', 'obligation.deadline_missed', 'notification.attempted', 'notification.delivered')
            GROUP BY stream, type, payload HAVING count(*) > 1
            """).stdout
        #expect(duplicates.isEmpty, "recorded twice: \(duplicates)")
        #expect(Int(try hosts.cli.sql("SELECT count(*) FROM events WHERE type = 'obligation.deadline_missed'").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 0)
        let actors = try hosts.cli.sql("SELECT DISTINCT actor FROM events WHERE type IN ('notification.attempted', 'notification.delivered') OR type LIKE 'obligation.deadline%'")
            .stdout.split(separator: "\n").map(String.init)
        #expect(Set(actors) == ["checker_a", "checker_b"])
        #expect(try hosts.run(["verify", "--json"], on: "host-a", as: "checker_a").status == 0)
    }

    @Test func detectsFromTwoHostsAtOnceNumberIncidentsWithoutGapsOrDuplicates() throws {
        let hosts = try TwoHosts()
        try hosts.login("alice", "breach_responder")
        try hosts.login("bob", "breach_responder")
        // When three detects run at once on each host, three times over
        for round in 0..<3 {
            let runs = try [("host-a", "alice"), ("host-b", "bob")].flatMap { host, user in
                try (0..<3).map { index in
                    try hosts.start(["detect", "\(host) round \(round) #\(index)", "--kind", "data-breach", "--severity", "high"],
                                    on: host, as: user)
                }
            }
            for run in runs { let output = try run.wait(timeout: 120); #expect(output.status == 0, "\(output)") }
        }
        // Then the eighteen incidents are numbered 1…18, each once, each recorded by the login of the host that detected it
        let listed = try #require(try hosts.run(["list", "--json"], on: "host-b", as: "bob").json() as? [[String: Any]])
        #expect(listed.compactMap { $0["id"] as? String } == (1...18).map { "INC-\($0)" })
        let perActor = try hosts.cli.sql("""
            SELECT actor, count(*), count(DISTINCT payload::jsonb ->> 'title') FROM events WHERE type = 'incident.detected'
            GROUP BY actor ORDER BY actor
            """).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(perActor == "alice|9|9\nbob|9|9")
        #expect(try hosts.run(["verify"], on: "host-a", as: "alice").status == 0)
    }

    @Test func withoutVerifiedTLSAHostIsRefusedAndAnAddressOffTheLinkIsNamed() throws {
        let hosts = try TwoHosts()
        try hosts.login("alice", "breach_responder")
        let before = try hosts.cli.fingerprint()
        // A client that will not use TLS finds no pg_hba.conf entry for it: a refused login, nothing written
        let plain = try hosts.run(["detect", "Plain", "--kind", "data-breach", "--severity", "low"], on: "host-a", as: "alice",
                                  sslmode: "disable")
        #expect(plain.status == 77, "\(plain)")
        #expect(plain.stderrLines.count == 1, "\(plain)")
        // A server address nobody answers on the link: unreachable, named with host and port
        let nowhere = try hosts.run(["list"], on: "host-b", as: "alice", address: "169.254.77.99")
        #expect(nowhere.status == 69, "\(nowhere)")
        #expect(nowhere.stderr.contains("169.254.77.99:\(hosts.cluster.port)"), "\(nowhere)")
        // verify-full against a root that did not issue the server's certificate: refused before the login is sent
        let otherCA = try TestCertificate.authority(in: hosts.folder, name: "other-ca", subject: "/CN=some other CA \(UUID().uuidString)")
        let untrusted = try hosts.run(["detect", "Untrusted", "--kind", "data-breach", "--severity", "low"], on: "host-a", as: "alice",
                                      root: otherCA.certPath)
        #expect(untrusted.status == 69, "\(untrusted)")
        #expect(untrusted.stderrLines.count == 1 && untrusted.stderr.contains("could not be verified over TLS"), "\(untrusted)")
        // The right CA but a host name the certificate does not carry (the same server, dialled by hostaddr): refused too
        let misnamed = try hosts.run(["list"], on: "host-b", as: "alice", address: "db.invalid",
                                     extra: "&hostaddr=\(hosts.network.host("db").address)")
        #expect(misnamed.status == 69, "\(misnamed)")
        #expect(misnamed.stderr.contains("does not match host name"), "\(misnamed)")
        #expect(try hosts.cli.fingerprint() == before)
        // While the same login over TLS works from the same host
        #expect(try hosts.run(["detect", "Over TLS", "--kind", "data-breach", "--severity", "low"], on: "host-a", as: "alice").status == 0)
    }
}

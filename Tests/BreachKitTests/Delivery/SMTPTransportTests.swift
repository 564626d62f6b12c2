@testable import BreachKit
import Foundation
import Testing

/// The SMTP transport at volume, against the real aiosmtpd server on 127.0.0.1: parallel connections,
/// the per-minute limit, the whole transport backing off on 421/451/452 and refused connections without
/// spending attempts, and the time budget. Every email is either receipted or deferred, never both,
/// never neither, and only a 250 is delivered.
@Suite("SMTP transport: connections, rate, backoff, budget")
struct SMTPTransportTests {
    let date = Date(timeIntervalSince1970: 1_700_000_000)

    func emails(_ count: Int) throws -> [OutgoingEmail] {
        try (1...count).map {
            try OutgoingEmail(EmailMessage(id: "NTF-\($0)", from: "alerts@breach.example", to: ["dpo\($0)@example.com"],
                                           subject: "Notification \($0)", body: "Incident INC-1.\n", date: date))
        }
    }

    func makeTransport(port: Int, connections: Int = 4, perMinute: Int? = nil, deadline: ContinuousClock.Instant? = nil) throws -> SMTPTransport {
        try SMTPTransport(settings: SMTPSettings(url: "smtp://127.0.0.1:\(port)", from: "alerts@breach.example", connectTimeout: 2,
                                                 totalTimeout: 10, maxConnections: connections, maxPerMinute: perMinute),
                          deadline: deadline, backoffBase: .milliseconds(20))
    }

    /// Each email exactly once: in the receipts or among the deferred.
    func expectAccounted(_ outcome: SMTPTransport.Outcome, _ count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.receipts.count + outcome.deferred.count == count, sourceLocation: sourceLocation)
        #expect(Set(outcome.receipts.keys).isDisjoint(with: outcome.deferred.keys), sourceLocation: sourceLocation)
    }

    @Test func sendsOverSeveralConnectionsAtOnceButNoMoreThanAllowed() throws {
        let dir = try TestDirectory()
        // A slow relay (0.1 s per message), so that messages overlap when sent over several connections.
        let server = try TestServer(script: "smtp_server.py", arguments: ["--delay", "0.1"], directory: dir)
        let outcome = try makeTransport(port: server.port, connections: 4).send(emails(24))
        expectAccounted(outcome, 24)
        #expect(outcome.receipts.values.allSatisfy { $0.outcome == .delivered && $0.smtpCode == 250 })
        let log = server.log(atLeast: 24)
        #expect(log.count == 24)
        let active = log.compactMap { $0["active"] as? Int }
        #expect(active.max() ?? 0 <= 4, "never more than max_connections: \(active)")
        #expect(Set(log.compactMap { $0["connection"] as? Int }).count <= 4, "connections are reused")
        // In parallel: at some moment more than one message was being received.
        let intervals = log.compactMap { entry in (entry["started"] as? Double).flatMap { start in (entry["finished"] as? Double).map { (start, $0) } } }
        let overlapping = intervals.contains { a in intervals.contains { b in a != b && a.0 < b.1 && b.0 < a.1 } }
        #expect(overlapping, "\(intervals)")
    }

    @Test func keepsToTheLimitPerMinute() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", directory: dir)
        // 600 a minute is one every 100 ms: six messages cannot all start within 0.5 s, whatever the connections.
        let started = ContinuousClock.now
        let outcome = try makeTransport(port: server.port, connections: 4, perMinute: 600).send(emails(6))
        let elapsed = ContinuousClock.now - started
        expectAccounted(outcome, 6)
        #expect(outcome.receipts.values.allSatisfy { $0.outcome == .delivered })
        #expect(elapsed >= .milliseconds(500), "\(elapsed)")
    }

    @Test func theTimeBudgetDefersWhatItCannotStart() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", directory: dir)
        // One a second at most, and a budget of 2.5 s: at most three start (at 0, 1 and 2 s; fewer if this
        // machine is slow to start the threads), the rest wait for the next run.
        let outcome = try makeTransport(port: server.port, perMinute: 60, deadline: .now + .milliseconds(2500)).send(emails(6))
        expectAccounted(outcome, 6)
        #expect((1...3).contains(outcome.receipts.count), "\(outcome.receipts.keys.sorted())")
        #expect(outcome.receipts.values.allSatisfy { $0.outcome == .delivered })
        #expect(outcome.deferred.count >= 3)
        #expect(outcome.deferred.values.allSatisfy { $0 == .timeBudget })
        Thread.sleep(forTimeInterval: 0.2)
        #expect(server.log().count == outcome.receipts.count, "deferred emails never reach the server")
    }

    @Test func aPassedDeadlineSendsNothing() throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", directory: dir)
        let outcome = try makeTransport(port: server.port, deadline: .now - .seconds(1)).send(emails(3))
        #expect(outcome.receipts.isEmpty)
        #expect(outcome.deferred == ["NTF-1": .timeBudget, "NTF-2": .timeBudget, "NTF-3": .timeBudget])
        Thread.sleep(forTimeInterval: 0.2)
        #expect(server.log().isEmpty)
    }

    @Test(arguments: [421, 451, 452])
    func aBusyRelayBacksTheWholeTransportOffAndSpendsNothing(_ code: Int) throws {
        let dir = try TestDirectory()
        let server = try TestServer(script: "smtp_server.py", arguments: ["--reply", "\(code)"], directory: dir)
        let transport = try makeTransport(port: server.port, connections: 1)
        let outcome = transport.send(try emails(5))
        expectAccounted(outcome, 5)
        // Not one receipt: a busy relay says nothing about any recipient, so no attempt is recorded or spent.
        #expect(outcome.receipts.isEmpty)
        let reply = try #require(server.log(atLeast: 4).first?["reply"] as? String)
        #expect(outcome.deferred.values.allSatisfy { $0 == .transportRefused(reply) }, "\(outcome.deferred)")
        // It asked maxRefusals times (with pauses between), then stopped for the run: no 5th message tried.
        #expect(server.log().count == transport.maxRefusals)
        #expect(transport.stopped == .transportRefused(reply))
        // And a stopped transport defers the rest of the run at once.
        let later = transport.send(try emails(2))
        #expect(later.receipts.isEmpty && later.deferred.count == 2)
        #expect(server.log().count == transport.maxRefusals)
    }

    @Test func aPassingRefusalPausesThenEverythingIsDelivered() throws {
        let dir = try TestDirectory()
        // 451 once, then 250: the refused message goes back unspent and is delivered after the pause.
        let server = try TestServer(script: "smtp_server.py", arguments: ["--replies", "451,250"], directory: dir)
        let outcome = try makeTransport(port: server.port, connections: 1).send(emails(4))
        expectAccounted(outcome, 4)
        #expect(outcome.deferred.isEmpty)
        #expect(outcome.receipts.count == 4)
        #expect(outcome.receipts.values.allSatisfy { $0.outcome == .delivered })
        let log = server.log(atLeast: 5)
        #expect(log.map { String(($0["reply"] as? String ?? "").prefix(3)) } == ["451", "250", "250", "250", "250"])
        #expect(log[0]["rcpt_tos"] as? [String] == log[1]["rcpt_tos"] as? [String], "the refused message is the next one sent")
    }

    @Test func aRefusedConnectionDefersEverything() throws {
        // Port 1 on loopback: nothing listens, the connection is refused.
        let transport = try makeTransport(port: 1, connections: 2)
        let outcome = transport.send(try emails(3))
        expectAccounted(outcome, 3)
        #expect(outcome.receipts.isEmpty)
        guard case let .transportRefused(answer) = try #require(outcome.deferred["NTF-1"]) else {
            Issue.record("not deferred as a refusal: \(outcome.deferred)")
            return
        }
        #expect(answer.contains("curl 7"), "\(answer)")
    }

    @Test func aRelayLimitingConnectionsGetsEverythingOverTheConnectionsItAllows() throws {
        let dir = try TestDirectory()
        // The relay allows 2 connections; the transport opens 4: the two refused at the greeting retire.
        let server = try TestServer(script: "smtp_server.py", arguments: ["--max-connections", "2", "--delay", "0.05"], directory: dir)
        let outcome = try makeTransport(port: server.port, connections: 4).send(emails(12))
        expectAccounted(outcome, 12)
        #expect(outcome.deferred.isEmpty, "\(outcome.deferred)")
        #expect(outcome.receipts.values.allSatisfy { $0.outcome == .delivered })
        let delivered = server.log(atLeast: 12).filter { $0["refused_connection"] == nil }
        #expect(delivered.count == 12)
        #expect(delivered.compactMap { $0["active"] as? Int }.allSatisfy { $0 <= 2 })
    }

    @Test func invalidLimitsAreRefusedWithTheFix() {
        for (connections, perMinute) in [(0, nil), (1, 0)] as [(Int, Int?)] {
            #expect(throws: DeliveryError.self) {
                _ = try SMTPTransport(settings: SMTPSettings(url: "smtp://127.0.0.1:25", from: "alerts@breach.example",
                                                             maxConnections: connections, maxPerMinute: perMinute))
            }
        }
    }
}

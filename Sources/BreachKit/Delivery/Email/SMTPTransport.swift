import Foundation

/// Sends a run's emails over up to `settings.maxConnections` SMTP connections at once, at most
/// `settings.maxPerMinute` a minute, and backs the whole transport off when the relay is busy.
///
/// Relays throttle per client, not per message: a 421 (closing), 451 or 452 (local error, no storage —
/// what Microsoft 365 and others answer when a client sends too fast) or a refused connection says
/// nothing about the recipient. Such an answer puts its message back in the queue, unspent, and pauses
/// every connection (1 s, then twice as long each time in a row); after `maxRefusals` in a row the
/// transport stops for this run and the rest is deferred (`DeliveryDeferral.transportRefused`). Any
/// other answer is the message's own receipt, classified as `SMTPSender` does. A new connection turned
/// away at the greeting (4xx instead of 220) while others are open is the relay's connection limit: that
/// connection retires for the send (its message goes back, no pause) and the others carry on.
///
/// Sending stops at `deadline` (the run's time budget): what was not started is deferred
/// (`.timeBudget`). A message already on the wire is finished and its receipt kept.
///
/// The connections live as long as the transport, so a run's chunks reuse them. Each connection is
/// one thread blocking in libcurl; the state they share is behind one lock.
final class SMTPTransport: @unchecked Sendable {
    /// What one `send` did: a receipt per attempted email, and the emails not attempted with why.
    struct Outcome {
        var receipts: [String: DeliveryReceipt] = [:]
        var deferred: [String: DeliveryDeferral] = [:]
    }

    let sender: SMTPSender
    let deadline: ContinuousClock.Instant?
    let backoffBase: Duration
    let maxRefusals: Int
    private let interval: Duration?
    private var connections: [Connection] = []
    private let lock = NSLock()
    // Guarded by `lock`.
    private var queue: [OutgoingEmail] = []
    private var head = 0
    private var outcome = Outcome()
    private var pausedUntil: ContinuousClock.Instant?
    private var nextSlot: ContinuousClock.Instant?
    private var refusalsInARow = 0
    private var lastRefusal: String?
    private var openConnections = 0
    /// Set once the transport gave up for this run; every later email is deferred at once.
    private(set) var stopped: DeliveryDeferral?

    /// Validates `settings`; throws `DeliveryError.Code.invalidSMTPSettings` naming the fix.
    init(settings: SMTPSettings, deadline: ContinuousClock.Instant? = nil,
         backoffBase: Duration = .seconds(1), maxRefusals: Int = 4) throws(DeliveryError) {
        sender = try SMTPSender(settings: settings)
        self.deadline = deadline
        self.backoffBase = backoffBase
        self.maxRefusals = max(1, maxRefusals)
        interval = settings.maxPerMinute.map { Duration.seconds(60) / $0 }
    }

    /// Whether an answer is the relay's about itself (busy, throttling, refusing), not about the message.
    static func isTransportRefusal(_ receipt: DeliveryReceipt) -> Bool {
        if let code = receipt.smtpCode, code == 421 || code == 451 || code == 452 { return true }
        return receipt.curlCode == CurlResultCode.couldntConnect
    }

    /// Sends every email at most once; a repeated id is sent only once (the first email with it).
    func send(_ emails: [OutgoingEmail]) -> Outcome {
        var result = Outcome()
        var pending: [OutgoingEmail] = []
        var seen = Set<String>()
        for email in emails where seen.insert(email.id).inserted {
            if let problem = SMTPSender.problem(with: email) {
                result.receipts[email.id] = DeliveryReceipt(outcome: .failed, receipt: "refused before sending: \(problem)")
            } else {
                pending.append(email)
            }
        }
        guard !pending.isEmpty else { return result }
        let workers = min(sender.settings.maxConnections, pending.count)
        lock.withLock {
            queue = pending
            head = 0
            outcome = result
            openConnections = workers
        }
        while connections.count < workers { connections.append(Connection()) }
        let finished = DispatchGroup()
        for connection in connections.prefix(workers) {
            finished.enter()
            let thread = Thread { [self] in
                work(on: connection)
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        finished.wait()
        return lock.withLock {
            let reason = stopped ?? .timeBudget
            for email in queue[head...] { outcome.deferred[email.id] = reason }
            queue = []
            head = 0
            return outcome
        }
    }

    /// One connection's loop: take the next email when the transport lets it, send, report.
    private func work(on connection: Connection) {
        while let email = next() {
            let result: (receipt: DeliveryReceipt, refusedAtGreeting: Bool)
            do throws(DeliveryError) {
                result = sender.attempt(email, on: try connection.easy(configuredBy: sender))
            } catch {
                result = (DeliveryReceipt(outcome: .retry, receipt: "not sent: \(sender.scrub(error.message))"), false)
            }
            if finish(email, result.receipt, refusedAtGreeting: result.refusedAtGreeting) == .retire { return }
        }
        lock.withLock { openConnections -= 1 }
    }

    /// The next email to send, after waiting for the backoff and the rate limit; nil when there is none
    /// or the transport stopped (the queue's rest is then deferred by `send`).
    private func next() -> OutgoingEmail? {
        enum Step { case take(OutgoingEmail), wait(Duration), done }
        while true {
            let step: Step = lock.withLock {
                if stopped != nil || head == queue.count { return .done }
                let now = ContinuousClock.now
                var start = now
                var pausedByRelay = false
                if let pausedUntil, pausedUntil > start { start = pausedUntil; pausedByRelay = true }
                if let nextSlot, nextSlot > start { start = nextSlot; pausedByRelay = false }
                if let deadline, start >= deadline {
                    stopped = pausedByRelay ? .transportRefused(lastRefusal ?? "busy") : .timeBudget
                    return .done
                }
                if start > now { return .wait(start - now) }
                let email = queue[head]
                head += 1
                if let interval { nextSlot = now + interval }
                return .take(email)
            }
            switch step {
            case let .take(email): return email
            case .done: return nil
            // In slices, so that a stop decided by another connection is seen soon.
            case let .wait(duration): Thread.sleep(forTimeInterval: min(0.25, Self.seconds(duration)))
            }
        }
    }

    private enum Next { case carryOn, retire }

    /// Keeps a receipt, or on a refusal puts the email back and pauses (or stops) the transport — or
    /// retires the connection when it was turned away at the greeting while others are open (the relay's limit).
    private func finish(_ email: OutgoingEmail, _ receipt: DeliveryReceipt, refusedAtGreeting: Bool) -> Next {
        lock.withLock {
            guard Self.isTransportRefusal(receipt) else {
                refusalsInARow = 0
                outcome.receipts[email.id] = receipt
                return .carryOn
            }
            lastRefusal = receipt.receipt
            // Back at the front of what is left (every slot before `head` was taken): its attempt is not spent.
            head -= 1
            queue[head] = email
            if refusedAtGreeting && openConnections > 1 {
                openConnections -= 1
                return .retire
            }
            refusalsInARow += 1
            if refusalsInARow >= maxRefusals {
                stopped = .transportRefused(receipt.receipt)
            } else {
                pausedUntil = .now + backoffBase * (1 << (refusalsInARow - 1))
            }
            return .carryOn
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// One SMTP connection: a libcurl handle configured once and kept (with its TLS session and AUTH).
    private final class Connection: @unchecked Sendable {
        private var handle: CurlEasy?

        func easy(configuredBy sender: SMTPSender) throws(DeliveryError) -> CurlEasy {
            if let handle { return handle }
            let easy = try CurlEasy()
            try sender.configure(easy)
            handle = easy
            return easy
        }
    }
}

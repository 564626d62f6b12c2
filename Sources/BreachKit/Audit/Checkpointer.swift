import BreachDomain
import Foundation

/// Makes signed checkpoints of the log and hands copies to the witnesses.
///
/// A checkpoint signs `(sequence, head_hash, real time)` of the newest event with a key kept outside
/// the database, is recorded as an `audit.checkpoint` event, and is sent to every contact with role
/// `witness`. Someone who can rewrite the database file can re-hash the whole chain, but cannot make
/// the checkpoints already signed — and already in the witnesses' hands — match the rewritten chain.
public struct Checkpointer: Sendable {
    /// The role of the contacts that receive a copy of every checkpoint.
    public static let witnessRole = "witness"

    public let store: any BreachStore
    public let key: CheckpointKey
    public let clock: any BreachClock
    public let wallClock: any BreachClock
    public let actor: String

    public init(store: any BreachStore, key: CheckpointKey, clock: any BreachClock, actor: String, wallClock: any BreachClock = SystemClock()) {
        self.store = store
        self.key = key
        self.clock = clock
        self.actor = actor
        self.wallClock = wallClock
    }

    /// A recorded checkpoint: what was signed, and the sequence of the event that records it.
    public struct Made: Sendable {
        public let checkpoint: Checkpoint
        public let eventSequence: Int64
    }

    /// Signs the current head and records the checkpoint, in one write transaction. With `onlyIfMoved`,
    /// does nothing (nil) when the newest event is already a checkpoint — what `check` asks for.
    public func make(onlyIfMoved: Bool = false) throws -> Made? {
        try store.write { unit in
            let head = try unit.head()
            guard head.sequence > 0 else {
                throw BreachError.refused("the log is empty; there is nothing to checkpoint yet")
            }
            let checkpoints = try unit.events(of: AuditEvent.stream)
            // The newest event is a checkpoint: nothing moved since it was signed.
            if onlyIfMoved && checkpoints.last?.sequence == head.sequence {
                return nil
            }
            // Whole milliseconds, as stored and signed: the witness's copy must verify byte for byte.
            let signedAt = RFC3339.parse(RFC3339.formatMillis(wallClock.now())) ?? wallClock.now()
            let checkpoint = try key.sign(sequence: head.sequence, headHash: head.hash, signedAt: signedAt)
            let event = AuditEvent.checkpoint(checkpoint)
            let stored = try unit.append([NewEvent(type: event.type, payload: event.payload, effectiveAt: clock.now(), actor: actor)],
                                         to: AuditEvent.stream, expectedVersion: checkpoints.last.map { $0.version } ?? 0,
                                         recordedAt: wallClock.now())
            return Made(checkpoint: checkpoint, eventSequence: stored.last?.sequence ?? 0)
        }
    }

    /// What sending one witness copy did.
    public struct WitnessDelivery: Sendable {
        public let contactID: String
        public let channel: NotificationChannel
        public let receipt: DeliveryReceipt
    }

    /// Sends `checkpoint` as one JSON line to every witness, by webhook (signed like any notification when
    /// the contact has a secret) and by email. Not recorded as events: that would move the head the
    /// checkpoint just signed; the witness's copy is the record.
    public func sendToWitnesses(_ checkpoint: Checkpoint, configuration: BreachConfiguration,
                                environment: [String: String]) throws -> [WitnessDelivery] {
        let witnesses = try store.read { reader in try reader.contacts() }.filter { $0.role == Self.witnessRole }
        let line = checkpoint.payload.serialized()
        var deliveries: [WitnessDelivery] = []
        var requests: [(Contact, WebhookRequest)] = []
        for contact in witnesses {
            guard let url = contact.webhookURL else { continue }
            var secret: String?
            if let reference = contact.webhookSecretRef {
                if case let .failure(error) = ContactValidation.resolveSecret(reference, environment: environment) {
                    deliveries.append(WitnessDelivery(contactID: contact.id, channel: .webhook,
                                                      receipt: DeliveryReceipt(outcome: .retry, receipt: "not sent: \(error.message)")))
                    continue
                }
                secret = try? ContactValidation.resolveSecret(reference, environment: environment).get()
            }
            var request = WebhookRequest(id: "checkpoint.\(checkpoint.sequence).\(contact.id)", url: url, body: Data(line.utf8), secret: secret,
                                         caBundlePath: contact.caBundle, connectTimeout: configuration.webhookConnectTimeout,
                                         totalTimeout: configuration.webhookTotalTimeout)
            request.requiresSignature = contact.webhookSecretRef != nil
            requests.append((contact, request))
        }
        if !requests.isEmpty {
            let receipts = WebhookSender().send(requests.map(\.1), now: wallClock.now())
            for (contact, request) in requests {
                deliveries.append(WitnessDelivery(contactID: contact.id, channel: .webhook,
                                                  receipt: receipts[request.id] ?? DeliveryReceipt(outcome: .retry, receipt: "no receipt")))
            }
        }
        let emailWitnesses = witnesses.filter { $0.email != nil }
        if !emailWitnesses.isEmpty {
            guard let smtp = configuration.smtp else {
                for contact in emailWitnesses {
                    deliveries.append(WitnessDelivery(contactID: contact.id, channel: .email,
                                                      receipt: DeliveryReceipt(outcome: .retry, receipt: "not sent: no SMTP transport is configured (smtp: in breach.yml)")))
                }
                return deliveries
            }
            var emails: [(Contact, OutgoingEmail)] = []
            for contact in emailWitnesses {
                let message = EmailMessage(id: "checkpoint.\(checkpoint.sequence).\(contact.id)", from: smtp.from, to: [contact.email ?? ""],
                                           subject: "[breach] checkpoint of event #\(checkpoint.sequence)",
                                           body: "Keep this line: `breach verify --checkpoints FILE` checks a log against it.\n\n\(line)\n",
                                           date: wallClock.now())
                // One bad address must not keep the other witnesses from their copy (the checkpoint is already recorded).
                do { emails.append((contact, try OutgoingEmail(message))) } catch {
                    deliveries.append(WitnessDelivery(contactID: contact.id, channel: .email,
                                                      receipt: DeliveryReceipt(outcome: .failed, receipt: "not sent: \(error.message)")))
                }
            }
            let settings = SMTPSettings(smtp, environment: environment)
            let receipts: [String: DeliveryReceipt]
            do { receipts = try SMTPSender(settings: settings).send(emails.map(\.1)) } catch {
                receipts = [:]
            }
            for (contact, email) in emails {
                deliveries.append(WitnessDelivery(contactID: contact.id, channel: .email,
                                                  receipt: receipts[email.id] ?? DeliveryReceipt(outcome: .retry, receipt: "SMTP transport not usable")))
            }
        }
        return deliveries
    }
}

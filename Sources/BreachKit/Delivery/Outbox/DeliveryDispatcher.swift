import BreachDomain
import Foundation

/// The outbox's dispatch job: how claimed notifications are sent, outside any unit of work — webhooks
/// concurrently through the curl multi interface, emails through one `SMTPTransport` for the whole run
/// (its connections, rate limit and backoff carry from chunk to chunk). `DeliveryPipeline` runs it on
/// sending threads of its own.
final class DeliveryDispatcher: @unchecked Sendable {
    let configuration: BreachConfiguration
    /// The run's webhook secrets, shared with the claim, and the environment they are read from.
    let secrets: WebhookSecrets
    /// The real time, for signatures: receivers judge freshness by it, whatever `--now` says.
    let signedAt: @Sendable () -> Date
    /// When the run's time budget ends; nil: no budget.
    let deadline: ContinuousClock.Instant?
    /// How long the SMTP transport's first pause after a refusal is (doubling after each in a row).
    var smtpBackoffBase: Duration = .seconds(1)
    private var smtp: Result<SMTPTransport, DeliveryError>?

    init(configuration: BreachConfiguration, secrets: WebhookSecrets, deadline: ContinuousClock.Instant?,
         signedAt: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        self.secrets = secrets
        self.deadline = deadline
        self.signedAt = signedAt
    }

    /// What a dispatch did: a result per attempted notification, the rest deferred with why.
    struct Dispatched {
        var results: [DeliveryResult] = []
        var deferred: [String: DeliveryDeferral] = [:]
    }

    /// The webhook sender of the run (`DeliveryPipeline` streams every webhook of a batch through it).
    let webhookSender = WebhookSender()

    /// The signed request for a claimed webhook notification; throws when it cannot be sent at all.
    func webhookRequest(for item: ClaimedNotification, now: Date) throws -> WebhookRequest {
        try NotificationMessage.webhookRequest(for: item, configuration: configuration, secrets: secrets, now: now)
    }

    /// The failed result of a notification whose message could not even be made.
    static func unsendable(_ item: ClaimedNotification, _ error: any Error) -> DeliveryResult {
        let message = (error as? BreachError)?.message ?? (error as? DeliveryError)?.message ?? "\(error)"
        return DeliveryResult(notificationID: item.notification.id,
                              receipt: DeliveryReceipt(outcome: .failed, receipt: "not sent: \(message)", durationSeconds: 0))
    }

    /// Attempts each claimed email at most once through the run's SMTP transport: one result per attempted
    /// email, and the ones the transport or the time budget left unattempted.
    func sendEmails(_ claimed: [ClaimedNotification], now: Date) -> Dispatched {
        var dispatched = Dispatched()
        var emails: [OutgoingEmail] = []
        for item in claimed {
            do {
                emails.append(try NotificationMessage.email(for: item, configuration: configuration, now: now))
            } catch {
                dispatched.results.append(Self.unsendable(item, error))
            }
        }
        guard !emails.isEmpty, let smtp = configuration.smtp else { return dispatched }
        switch transport(smtp) {
        case let .success(transport):
            let outcome = transport.send(emails)
            dispatched.deferred = outcome.deferred
            for email in emails where outcome.deferred[email.id] == nil {
                dispatched.results.append(DeliveryResult(notificationID: email.id, receipt: outcome.receipts[email.id] ?? Self.noReceipt))
            }
        case let .failure(error):
            for email in emails {
                dispatched.results.append(DeliveryResult(notificationID: email.id, receipt: DeliveryReceipt(
                    outcome: .retry, receipt: "SMTP transport not usable: \(error.message)", durationSeconds: 0)))
            }
        }
        return dispatched
    }

    /// The run's SMTP transport, made on first use.
    private func transport(_ smtp: BreachConfiguration.SMTP) -> Result<SMTPTransport, DeliveryError> {
        if let existing = self.smtp { return existing }
        let made: Result<SMTPTransport, DeliveryError>
        do throws(DeliveryError) {
            made = .success(try SMTPTransport(settings: SMTPSettings(smtp, environment: secrets.environment), deadline: deadline,
                                              backoffBase: smtpBackoffBase))
        } catch {
            made = .failure(error)
        }
        self.smtp = made
        return made
    }

    /// What a transport that returned nothing for a request counts as: worth another try.
    private static let noReceipt = DeliveryReceipt(outcome: .retry, receipt: "no receipt from the transport", durationSeconds: 0)
}

import BreachDomain
import Foundation

/// The outbox's dispatch job: sends claimed notifications, outside any unit of work — webhooks
/// concurrently through the curl multi interface, emails through one `SMTPTransport` for the whole run
/// (its connections, rate limit and backoff carry from chunk to chunk).
final class DeliveryDispatcher {
    let configuration: BreachConfiguration
    let environment: [String: String]
    /// The real time, for signatures: receivers judge freshness by it, whatever `--now` says.
    let signedAt: () -> Date
    /// When the run's time budget ends; nil: no budget.
    let deadline: ContinuousClock.Instant?
    /// How long the SMTP transport's first pause after a refusal is (doubling after each in a row).
    var smtpBackoffBase: Duration = .seconds(1)
    private var smtp: Result<SMTPTransport, DeliveryError>?

    init(configuration: BreachConfiguration, environment: [String: String], deadline: ContinuousClock.Instant?,
         signedAt: @escaping () -> Date) {
        self.configuration = configuration
        self.environment = environment
        self.deadline = deadline
        self.signedAt = signedAt
    }

    /// What one chunk's dispatch did: a result per attempted notification, the rest deferred with why.
    struct Dispatched {
        var results: [DeliveryResult] = []
        var deferred: [String: DeliveryDeferral] = [:]
    }

    /// Attempts each claimed notification at most once: one result per attempted notification, and the
    /// ones the transport or the time budget left unattempted.
    func dispatch(_ claimed: [ClaimedNotification], now: Date) -> Dispatched {
        var dispatched = Dispatched()
        var results: [DeliveryResult] = []
        var webhooks: [WebhookRequest] = []
        var emails: [OutgoingEmail] = []
        for item in claimed {
            do {
                switch item.notification.channel {
                case .webhook: webhooks.append(try NotificationMessage.webhookRequest(for: item, configuration: configuration, environment: environment, now: now))
                case .email: emails.append(try NotificationMessage.email(for: item, configuration: configuration, now: now))
                }
            } catch {
                let message = (error as? BreachError)?.message ?? (error as? DeliveryError)?.message ?? "\(error)"
                results.append(DeliveryResult(notificationID: item.notification.id,
                                              receipt: DeliveryReceipt(outcome: .failed, receipt: "not sent: \(message)", durationSeconds: 0)))
            }
        }
        if !webhooks.isEmpty {
            let receipts = WebhookSender().send(webhooks, now: now, signedAt: signedAt())
            for request in webhooks {
                results.append(DeliveryResult(notificationID: request.id, receipt: receipts[request.id] ?? Self.noReceipt))
            }
        }
        if !emails.isEmpty, let smtp = configuration.smtp {
            switch transport(smtp) {
            case let .success(transport):
                let outcome = transport.send(emails)
                dispatched.deferred = outcome.deferred
                for email in emails where outcome.deferred[email.id] == nil {
                    results.append(DeliveryResult(notificationID: email.id, receipt: outcome.receipts[email.id] ?? Self.noReceipt))
                }
            case let .failure(error):
                for email in emails {
                    results.append(DeliveryResult(notificationID: email.id, receipt: DeliveryReceipt(
                        outcome: .retry, receipt: "SMTP transport not usable: \(error.message)", durationSeconds: 0)))
                }
            }
        }
        dispatched.results = results
        return dispatched
    }

    /// The run's SMTP transport, made on first use.
    private func transport(_ smtp: BreachConfiguration.SMTP) -> Result<SMTPTransport, DeliveryError> {
        if let existing = self.smtp { return existing }
        let made: Result<SMTPTransport, DeliveryError>
        do throws(DeliveryError) {
            made = .success(try SMTPTransport(settings: SMTPSettings(smtp, environment: environment), deadline: deadline,
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

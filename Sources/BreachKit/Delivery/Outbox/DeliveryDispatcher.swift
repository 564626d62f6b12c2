import BreachDomain
import Foundation

/// The outbox's dispatch job: sends claimed notifications, outside any unit of work — webhooks
/// concurrently through the curl multi interface, emails over one SMTP connection.
struct DeliveryDispatcher {
    let configuration: BreachConfiguration
    let environment: [String: String]
    /// The real time, for signatures: receivers judge freshness by it, whatever `--now` says.
    let signedAt: () -> Date

    /// Attempts each claimed notification once and returns one result per notification.
    func dispatch(_ claimed: [ClaimedNotification], now: Date) -> [DeliveryResult] {
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
            let settings = SMTPSettings(smtp, environment: environment)
            let receipts: [String: DeliveryReceipt]
            do {
                receipts = try SMTPSender(settings: settings).send(emails)
            } catch {
                receipts = Dictionary(uniqueKeysWithValues: emails.map {
                    ($0.id, DeliveryReceipt(outcome: .retry, receipt: "SMTP transport not usable: \(error.message)", durationSeconds: 0))
                })
            }
            for email in emails {
                results.append(DeliveryResult(notificationID: email.id, receipt: receipts[email.id] ?? Self.noReceipt))
            }
        }
        return results
    }

    /// What a transport that returned nothing for a request counts as: worth another try.
    private static let noReceipt = DeliveryReceipt(outcome: .retry, receipt: "no receipt from the transport", durationSeconds: 0)
}

import BreachDomain
import Foundation

/// Webhook secrets resolved once per delivery run, not once per notification.
///
/// A run reads a contact's secret reference twice for every notification (can it be sent at all; sign
/// it), and an audience of thousands usually shares a few references: a `file:` reference was a `stat`
/// and a read each time, an `env:` one a look-up and a trim. The environment does not change within a
/// run; a secret file rotated while a run sends is read by the next run. Failures are kept too, so a
/// missing secret is reported the same way for every notification of the run.
final class WebhookSecrets: @unchecked Sendable {
    let environment: [String: String]
    private let lock = NSLock()
    private var resolved: [String: Result<String, BreachError>] = [:]

    init(environment: [String: String]) {
        self.environment = environment
    }

    /// The secret `reference` names (`env:NAME` or `file:PATH`), as `ContactValidation.resolveSecret` reads it.
    func resolve(_ reference: String) -> Result<String, BreachError> {
        if let known = lock.withLock({ resolved[reference] }) { return known }
        let result = ContactValidation.resolveSecret(reference, environment: environment)
        lock.withLock { resolved[reference] = result }
        return result
    }
}

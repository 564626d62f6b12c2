import BreachDomain
import Foundation

extension SMTPSettings {
    /// The transport settings of breach.yml's `smtp:`, with the password read from the environment
    /// variable it names (nil when it names none or the variable is unset).
    init(_ smtp: BreachConfiguration.SMTP, environment: [String: String]) {
        self.init(url: smtp.url, requireStartTLS: smtp.requireStartTLS, username: smtp.username,
                  password: smtp.passwordEnvironmentVariable.flatMap { environment[$0] }, from: smtp.from,
                  caBundlePath: smtp.caBundle, connectTimeout: smtp.connectTimeout, totalTimeout: smtp.totalTimeout,
                  maxConnections: smtp.maxConnections, maxPerMinute: smtp.maxPerMinute)
    }
}

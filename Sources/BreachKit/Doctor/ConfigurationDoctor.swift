import BreachDomain
import Foundation

/// `breach doctor`: checks a configuration end to end, before a 3 a.m. incident depends on it.
///
/// Each check either passes (one `ok` line) or yields one problem per thing to fix: playbooks that do not
/// load, escalation ids that name no contact or a contact nobody can reach, secrets that do not resolve,
/// an SMTP transport that does not answer NOOP, holiday calendars that run out within a year.
public struct ConfigurationDoctor: Sendable {
    /// One finding: which area, and what to do.
    public struct Finding: Sendable, Equatable {
        public let area: String
        public let message: String
    }

    /// What a run found.
    public struct Report: Sendable {
        public var passed: [Finding] = []
        public var problems: [Finding] = []
    }

    public let configuration: BreachConfiguration
    public let environment: [String: String]
    /// The registry's contacts (empty when there is no database yet).
    public let contacts: [Contact]
    /// The playbooks folder in use, if one was found.
    public let playbooksDirectory: URL?
    public let now: Date
    /// Whether to contact the SMTP server (tests of other checks turn it off).
    public var probeSMTP = true

    public init(configuration: BreachConfiguration, environment: [String: String], contacts: [Contact], playbooksDirectory: URL?, now: Date) {
        self.configuration = configuration
        self.environment = environment
        self.contacts = contacts
        self.playbooksDirectory = playbooksDirectory
        self.now = now
    }

    /// Runs every check.
    public func run() -> Report {
        var report = Report()
        func ok(_ area: String, _ message: String) { report.passed.append(Finding(area: area, message: message)) }
        func problem(_ area: String, _ message: String) { report.problems.append(Finding(area: area, message: message)) }

        // Playbooks: the strict validator, and calendars that must cover the coming year.
        if let directory = playbooksDirectory {
            let errors = PlaybookValidator.validate(path: directory.path)
            for error in errors { problem("playbooks", error.description) }
            if errors.isEmpty { ok("playbooks", "every playbook in \(directory.path) is valid") }
            if let catalog = try? PlaybookCatalog.load(directory: directory) {
                let horizon = Int(RFC3339.format(now.addingTimeInterval(365 * 86_400)).prefix(4)) ?? 0
                var calendarsOK = true
                for playbook in catalog.all {
                    let counting = playbook.obligations.filter { $0.duration.unit == .businessDays }
                    for id in Set(counting.compactMap(\.calendar)).sorted() {
                        guard let calendar = catalog.calendars[id], calendar.lastYear < horizon else { continue }
                        calendarsOK = false
                        problem("calendars", "calendar \(id) (used by playbook \(playbook.id)) covers \(calendar.coverageText); add the holidays of \(calendar.lastYear + 1)…\(horizon) to calendars/\(id).yml before deadlines need them (until then such declarations are refused)")
                    }
                }
                for playbook in catalog.all where playbook.obligations.contains(where: { $0.duration.unit == .businessDays && $0.calendar == nil }) {
                    let lastYear = playbook.holidays.compactMap { Int($0.prefix(4)) }.max()
                    if let lastYear, lastYear < horizon {
                        calendarsOK = false
                        problem("calendars", "playbook \(playbook.id) counts business days but its holidays end in \(lastYear); add the holidays of \(lastYear + 1)…\(horizon) before deadlines need them")
                    }
                }
                if calendarsOK { ok("calendars", "holiday calendars cover the coming year") }
            }
        } else {
            problem("playbooks", "no playbooks folder found; set playbooks: in breach.yml or $BREACH_PLAYBOOKS")
        }

        // Escalation: every id names a contact that some configured channel can reach.
        let byID = Dictionary(contacts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if configuration.escalationContacts.isEmpty {
            problem("escalation", "no escalation contacts (escalation: in breach.yml); missed deadlines and failed deliveries would alert nobody")
        }
        var escalationOK = !configuration.escalationContacts.isEmpty
        for id in Escalation.unknownContacts(escalationContactIDs: configuration.escalationContacts, contacts: contacts) {
            escalationOK = false
            problem("escalation", "escalation id \(id) names no contact; add it (`breach contact add \(id) …`) or fix escalation:")
        }
        for id in configuration.escalationContacts {
            guard let contact = byID[id] else { continue }
            let reachable = contact.channels.filter { $0 == .webhook || configuration.smtp != nil }
            if reachable.isEmpty {
                escalationOK = false
                problem("escalation", "escalation contact \(id) has only email, and no SMTP transport is configured (smtp: in breach.yml)")
            }
        }
        if escalationOK { ok("escalation", "\(configuration.escalationContacts.count) escalation contact(s), each reachable") }

        // Secrets: every reference resolves now, by the same rule the outbox applies at send time.
        var secretsOK = true
        for contact in contacts {
            guard let reference = contact.webhookSecretRef else { continue }
            if case let .failure(error) = ContactValidation.resolveSecret(reference, environment: environment) {
                secretsOK = false
                problem("secrets", "contact \(contact.id): \(error.message)")
            }
        }
        if let variable = configuration.smtp?.passwordEnvironmentVariable, (environment[variable] ?? "").isEmpty {
            secretsOK = false
            problem("secrets", "the SMTP password variable \(variable) (smtp.password_env) is not set in the environment")
        }
        if secretsOK { ok("secrets", "every secret reference resolves") }

        // SMTP: the transport answers NOOP (connect, TLS, AUTH as configured).
        if let smtp = configuration.smtp {
            let settings = SMTPSettings(smtp, environment: environment)
            do {
                let sender = try SMTPSender(settings: settings)
                if probeSMTP {
                    let receipt = sender.probe()
                    if receipt.outcome == .delivered { ok("smtp", "\(SMTPURL.redacted(smtp.url)) answered NOOP: \(receipt.receipt)") }
                    else { problem("smtp", "\(SMTPURL.redacted(smtp.url)) did not accept NOOP: \(receipt.receipt)") }
                }
            } catch {
                problem("smtp", error.message)
            }
        } else if contacts.contains(where: { $0.email != nil }) {
            problem("smtp", "contacts have email addresses but no SMTP transport is configured (smtp: in breach.yml); their notifications would stay queued")
        }
        return report
    }
}

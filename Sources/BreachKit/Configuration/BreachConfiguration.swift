import BreachDomain
import Foundation
import Yams

/// The `breach.yml` configuration: SMTP transport, webhook timeouts, playbooks folder, escalation contacts.
///
/// Secrets are never in this file: the SMTP password is named by the environment variable that holds it.
public struct BreachConfiguration: Sendable, Equatable {
    /// The SMTP transport; nil when email is not configured (email notifications then stay queued).
    public struct SMTP: Sendable, Equatable {
        public var url: String
        public var from: String
        public var requireStartTLS = false
        public var username: String?
        /// The name of the environment variable holding the password.
        public var passwordEnvironmentVariable: String?
        public var caBundle: String?
        public var connectTimeout: Double = 10
        public var totalTimeout: Double = 60
        /// How many SMTP connections send at once (`max_connections`): a few, since relays limit them.
        public var maxConnections = SMTP.defaultMaxConnections
        /// How many messages a minute the relay accepts (`max_per_minute`); nil: as fast as it answers.
        public var maxPerMinute: Int?

        /// Enough to hide the relay's latency without tripping its connection limit (often 3–10 per client).
        public static let defaultMaxConnections = 4
    }

    public var smtp: SMTP?

    /// `heartbeat:` — a URL an outside monitor watches; `check` GETs it after every successful run.
    public struct Heartbeat: Sendable, Equatable {
        public var url: String
        public var timeout: Double = 10
    }
    public var playbooksDirectory: String?
    /// Contact ids alerted on deadline warnings, missed deadlines and failed deliveries.
    public var escalationContacts: [String] = []
    public var webhookConnectTimeout: Double = 5
    public var webhookTotalTimeout: Double = 15
    /// The dead man's switch pinged after each successful `check`; nil when not configured.
    public var heartbeat: Heartbeat?
    /// Where the Ed25519 key that signs checkpoints is (`audit.signing_key: file:/path`); nil: no checkpoints.
    public var auditSigningKey: String?
    /// The public key (base64) `verify` trusts for checkpoint signatures (`audit.public_key`), instead of the
    /// key recorded with each checkpoint — so a rewritten log cannot bring its own key.
    public var auditPublicKey: String?
    /// Where the file was read from (nil for the defaults).
    public var source: String?

    public init() {}

    /// Finds and loads the configuration: `--config`, else `$BREACH_CONFIG`, else `./breach.yml` if present.
    public static func load(explicitPath: String?, environment: [String: String]) throws -> BreachConfiguration {
        if let path = explicitPath ?? environment["BREACH_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw BreachError.notFound("cannot read configuration \(path); check --config / $BREACH_CONFIG")
            }
            return try parse(String(decoding: data, as: UTF8.self), fileName: path)
        }
        if let data = FileManager.default.contents(atPath: "breach.yml") {
            return try parse(String(decoding: data, as: UTF8.self), fileName: "breach.yml")
        }
        return BreachConfiguration()
    }

    /// Parses configuration YAML; every problem names the file, the line and the fix.
    public static func parse(_ yaml: String, fileName: String) throws -> BreachConfiguration {
        var config = BreachConfiguration()
        config.source = fileName
        if let problem = YAMLBudget.problem(beforeComposing: yaml) {
            throw BreachError(.invalidFile, "\(fileName):\(problem.line): \(problem.message)")
        }
        let root: Node?
        do { root = try YAMLComposer.compose(yaml) } catch let error as YamlError {
            throw BreachError(.invalidFile, "\(fileName): malformed YAML: \(String(describing: error).split(whereSeparator: \.isNewline).first ?? "")")
        }
        if let problem = YAMLBudget.problem(yaml: yaml, root: root) {
            throw BreachError(.invalidFile, "\(fileName):\(problem.line): \(problem.message)")
        }
        guard let root else { return config }
        guard let top = root.mapping else { throw problem(fileName, root, "the top level must be a mapping of settings") }
        for (keyNode, value) in top {
            let key = keyNode.string ?? ""
            switch key {
            case "smtp": config.smtp = try parseSMTP(value, fileName: fileName)
            case "playbooks": config.playbooksDirectory = try string(value, fileName, key)
            case "escalation":
                guard let items = value.sequence else { throw problem(fileName, value, "escalation must be a list of contact ids") }
                config.escalationContacts = try items.map { try string($0, fileName, "escalation") }
            case "webhook":
                guard let mapping = value.mapping else { throw problem(fileName, value, "webhook must be a mapping") }
                for (subKey, subValue) in mapping {
                    switch subKey.string ?? "" {
                    case "connect_timeout_seconds": config.webhookConnectTimeout = try seconds(subValue, fileName)
                    case "timeout_seconds": config.webhookTotalTimeout = try seconds(subValue, fileName)
                    default: throw problem(fileName, subKey, "unknown key webhook.\(subKey.string ?? "?"); known: connect_timeout_seconds, timeout_seconds")
                    }
                }
            case "heartbeat": config.heartbeat = try parseHeartbeat(value, fileName: fileName)
            case "audit":
                guard let mapping = value.mapping else { throw problem(fileName, value, "audit must be a mapping (signing_key: file:/path)") }
                for (subKey, subValue) in mapping {
                    switch subKey.string ?? "" {
                    case "signing_key":
                        let reference = try string(subValue, fileName, "audit.signing_key")
                        guard reference.hasPrefix("file:/"), !ExternalText.hasUnprintable(reference) else {
                            throw problem(fileName, subValue, "audit.signing_key must be file:/absolute/path (the key stays outside the database)")
                        }
                        config.auditSigningKey = reference
                    case "public_key":
                        let key = try string(subValue, fileName, "audit.public_key")
                        guard let raw = Data(base64Encoded: key), raw.count == 32 else {
                            throw problem(fileName, subValue, "audit.public_key must be the base64 Ed25519 public key `breach checkpoint --generate-key` printed")
                        }
                        config.auditPublicKey = key
                    default: throw problem(fileName, subKey, "unknown key audit.\(subKey.string ?? "?"); known: signing_key, public_key")
                    }
                }
            default:
                throw problem(fileName, keyNode, "unknown key '\(key)'; known: smtp, playbooks, escalation, webhook, heartbeat, audit")
            }
        }
        return config
    }

    private static func parseSMTP(_ node: Node, fileName: String) throws -> SMTP {
        guard let mapping = node.mapping else { throw problem(fileName, node, "smtp must be a mapping with url and from") }
        var url: String?, from: String?
        var smtp = SMTP(url: "", from: "")
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "url":
                let text = try string(value, fileName, key)
                // A password in the URL would be echoed by error messages into the log; never accept or repeat one.
                if let scheme = text.range(of: "://"), text[scheme.upperBound...].prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" }).contains("@") {
                    throw problem(fileName, value, "smtp.url must not contain user:password@ (not repeated here); set smtp.username and name the password's environment variable with smtp.password_env")
                }
                url = text
            case "from": from = try string(value, fileName, key)
            case "starttls": smtp.requireStartTLS = try bool(value, fileName, key)
            case "username": smtp.username = try string(value, fileName, key)
            case "password_env": smtp.passwordEnvironmentVariable = try string(value, fileName, key)
            case "password":
                throw problem(fileName, keyNode, "smtp.password is not accepted: put the password in an environment variable and name it with password_env")
            case "ca_bundle":
                let path = try string(value, fileName, key)
                do { try PathRules.validate(path, field: "smtp.ca_bundle") } catch { throw problem(fileName, value, error.message) }
                smtp.caBundle = path
            case "connect_timeout_seconds": smtp.connectTimeout = try seconds(value, fileName)
            case "timeout_seconds": smtp.totalTimeout = try seconds(value, fileName)
            case "max_connections": smtp.maxConnections = try count(value, fileName, "smtp.max_connections", in: 1...32)
            case "max_per_minute": smtp.maxPerMinute = try count(value, fileName, "smtp.max_per_minute", in: 1...100_000)
            default:
                throw problem(fileName, keyNode, "unknown key smtp.\(key); known: url, from, starttls, username, password_env, ca_bundle, connect_timeout_seconds, timeout_seconds, max_connections, max_per_minute")
            }
        }
        guard let url, url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else {
            throw problem(fileName, node, "smtp.url must be smtp://host:port or smtps://host:port")
        }
        guard let from else { throw problem(fileName, node, "smtp.from (the sender address) is required") }
        if let issue = EmailAddressValidator.problem(with: from) { throw problem(fileName, node, "smtp.from: \(issue)") }
        smtp.url = url
        smtp.from = from
        return smtp
    }

    private static func parseHeartbeat(_ node: Node, fileName: String) throws -> Heartbeat {
        guard let mapping = node.mapping else { throw problem(fileName, node, "heartbeat must be a mapping with url (and timeout_seconds)") }
        var url: String?, timeout: Double = 10
        for (keyNode, value) in mapping {
            switch keyNode.string ?? "" {
            case "url":
                let text = try string(value, fileName, "heartbeat.url")
                do { try HeartbeatPinger.validate(text) } catch {
                    throw problem(fileName, value, "heartbeat.url: \(error.message)")
                }
                url = text
            case "timeout_seconds": timeout = try seconds(value, fileName)
            default: throw problem(fileName, keyNode, "unknown key heartbeat.\(keyNode.string ?? "?"); known: url, timeout_seconds")
            }
        }
        guard let url else { throw problem(fileName, node, "heartbeat.url is required: the URL your monitoring service gives for pings") }
        return Heartbeat(url: url, timeout: timeout)
    }

    private static func problem(_ fileName: String, _ node: Node, _ message: String) -> BreachError {
        BreachError(.invalidFile, "\(fileName):\(node.mark.map { "\($0.line)" } ?? "?"): \(message)")
    }

    private static func string(_ node: Node, _ fileName: String, _ key: String) throws -> String {
        guard let text = node.scalar?.string, !text.isEmpty else { throw problem(fileName, node, "\(key) must be a non-empty string") }
        return text
    }

    private static func bool(_ node: Node, _ fileName: String, _ key: String) throws -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw problem(fileName, node, "\(key) must be true or false")
        }
    }

    private static func count(_ node: Node, _ fileName: String, _ key: String, in range: ClosedRange<Int>) throws -> Int {
        guard let text = node.scalar?.string, let value = Int(text), range.contains(value) else {
            throw problem(fileName, node, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private static func seconds(_ node: Node, _ fileName: String) throws -> Double {
        guard let text = node.scalar?.string, let value = Double(text), value > 0, value <= 600 else {
            throw problem(fileName, node, "timeouts are seconds between 0 and 600")
        }
        return value
    }
}

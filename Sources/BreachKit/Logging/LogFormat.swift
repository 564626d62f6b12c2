import BreachDomain
import Logging

/// How `check`, `notify` (and later `serve`) report what they do on stderr.
public enum LogFormat: String, Sendable, CaseIterable {
    /// The human lines breach has always printed (the default).
    case text
    /// One JSON object per line, through swift-log and `JSONLogHandler`, for log shippers.
    case json

    /// `--log-format`, else `$BREACH_LOG_FORMAT`, else text; an unknown value is a usage error naming both choices.
    public static func resolve(flag: String?, environment: [String: String]) throws -> LogFormat {
        let (source, raw): (String, String?) = flag != nil
            ? ("--log-format", flag)
            : ("$BREACH_LOG_FORMAT", environment["BREACH_LOG_FORMAT"].flatMap { $0.isEmpty ? nil : $0 })
        guard let raw else { return .text }
        guard let format = LogFormat(rawValue: raw.lowercased()) else {
            throw BreachError.invalidInput("\(source) '\(TextRules.printable(raw))' is not a log format; use text or json")
        }
        return format
    }
}

/// The metadata keys of breach's log records: fixed names, so that log queries and alerts can rely on them.
public enum LogKey {
    public static let incidentID = "incident.id"
    public static let obligationID = "obligation.id"
    public static let notificationID = "notification.id"
    public static let contactID = "contact.id"
    public static let channel = "channel"
    public static let outcome = "outcome"
    public static let attempt = "attempt"
    public static let command = "command"
    public static let error = "error"
}

extension Logger {
    /// A logger that drops everything: what library types use until a command hands them its own.
    public static let silent = Logger(label: "breach", factory: { _ in SwiftLogNoOpLogHandler() })
}

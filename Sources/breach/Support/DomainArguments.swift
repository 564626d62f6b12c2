import ArgumentParser
import BreachKit

// The domain's enumerations as command-line values. The conformances live in the CLI: BreachDomain
// stays free of ArgumentParser.

extension Stage: ExpressibleByArgument, EnumeratedArgument {
    public init?(argument: String) {
        guard let stage = Self.named(argument) else { return nil }
        self = stage
    }

    /// A stage id or an alias from the SPEC (`recover` for stabilize, `close` for closed), any case.
    static func value(named text: String) -> Stage? { Stage(parsing: text) }

    static func refusal(_ text: String, flag: String) -> String {
        "unknown stage '\(TextRules.printable(text))' for \(flag); stages are \(Stage.acceptedNames)"
    }
}

extension Severity: ExpressibleByArgument, EnumeratedArgument {
    public init?(argument: String) {
        guard let severity = Self.named(argument) else { return nil }
        self = severity
    }

    static func value(named text: String) -> Severity? { Severity(rawValue: text.lowercased()) }

    static func refusal(_ text: String, flag: String) -> String {
        "unknown severity '\(TextRules.printable(text))'; use one of \(Severity.acceptedNames)"
    }
}

extension Contact.WebhookFormat: ExpressibleByArgument, EnumeratedArgument {
    public init?(argument: String) {
        guard let format = Self.named(argument) else { return nil }
        self = format
    }

    static func value(named text: String) -> Contact.WebhookFormat? { Contact.WebhookFormat(rawValue: text) }

    static func refusal(_ text: String, flag: String) -> String {
        "\(flag) '\(TextRules.printable(text))' is not \(Contact.WebhookFormat.acceptedNames)"
    }
}

extension TokenScope: ExpressibleByArgument, EnumeratedArgument {
    public init?(argument: String) {
        guard let scope = Self.named(argument) else { return nil }
        self = scope
    }

    static func value(named text: String) -> TokenScope? { TokenScope(rawValue: text.lowercased()) }

    static func refusal(_ text: String, flag: String) -> String {
        "unknown scope '\(TextRules.printable(text))'; use read, intake or write"
    }
}

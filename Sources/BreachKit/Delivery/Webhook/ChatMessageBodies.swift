import BreachDomain
import Foundation

/// Message bodies for chat receivers (Slack, Microsoft Teams), built so that incident text is shown as
/// written and can never become markup: no mention, link or formatting smuggled in through a title.
///
/// JSON escaping (quotes, control characters, U+2028/U+2029) is `JSONValue`'s; this adds what each
/// chat format interprets inside a string.
public enum ChatMessageBodies {
    /// A Slack incoming-webhook message: `{"text": "*subject*\nbody"}` with Slack's three control
    /// characters escaped (`&`, `<`, `>`), so `<!channel>` or `<https://x|click>` stay plain text.
    public static func slack(subject: String, body: String) -> JSONValue {
        .object([("text", .string("*\(slackEscaped(subject))*\n\(slackEscaped(body))"))])
    }

    /// Slack's escaping of message text: `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`.
    public static func slackEscaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// One labelled fact of a Teams card (incident, obligation, due time…).
    public struct Fact: Sendable {
        public var title: String
        public var value: String
        public init(_ title: String, _ value: String) { self.title = title; self.value = value }
    }

    /// A Microsoft Teams message with one Adaptive Card (1.4), as incoming webhooks and Workflows'
    /// "post card when a webhook request is received" accept it.
    ///
    /// Every text that comes from an incident is a `TextRun` inside a `RichTextBlock`: unlike `TextBlock`
    /// and `FactSet`, a `TextRun` is never parsed as Markdown, so a title such as `[click](https://x)`
    /// or `**urgent**` shows literally. Facts are laid out as one run per label and value for the same reason.
    public static func teams(subject: String, body: String, facts: [Fact]) -> JSONValue {
        func run(_ text: String, bold: Bool = false) -> JSONValue {
            var fields: [(String, JSONValue)] = [("type", .string("TextRun")), ("text", .string(text))]
            if bold { fields.append(("weight", .string("Bolder"))) }
            return .object(fields)
        }
        func block(_ runs: [JSONValue], separator: Bool = false) -> JSONValue {
            var fields: [(String, JSONValue)] = [("type", .string("RichTextBlock")), ("inlines", .array(runs))]
            if separator { fields.append(("separator", .bool(true))) }
            return .object(fields)
        }
        var content: [JSONValue] = [block([run(subject, bold: true)])]
        for fact in facts { content.append(block([run(fact.title + ": ", bold: true), run(fact.value)])) }
        content.append(block([run(body)], separator: true))
        let card: JSONValue = .object([
            ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")),
            ("type", .string("AdaptiveCard")),
            ("version", .string("1.4")),
            ("body", .array(content)),
        ])
        return .object([
            ("type", .string("message")),
            ("attachments", .array([.object([
                ("contentType", .string("application/vnd.microsoft.card.adaptive")),
                ("contentUrl", .null),
                ("content", card),
            ])])),
        ])
    }
}

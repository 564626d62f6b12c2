/// The Mustache source of the message sent to an obligation's audience.
///
/// Kept as source text in the domain; BreachKit's `TemplateRenderer` compiles and renders it.
public struct MessageTemplate: Codable, Sendable, Equatable, Hashable {
    /// One line once rendered (line breaks are collapsed to spaces before sending).
    public var subject: String
    /// Plain text; rendered without HTML escaping.
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }
}

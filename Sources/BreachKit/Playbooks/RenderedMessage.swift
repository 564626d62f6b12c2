/// An obligation's message with the incident's values filled in, ready for delivery.
public struct RenderedMessage: Sendable, Equatable {
    /// One line: no CR or LF, so it is safe as an email `Subject:` header.
    public var subject: String
    /// Plain text, line breaks as `\n`.
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }
}

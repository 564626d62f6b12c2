/// Someone breach can notify: a customer administrator, an authority, a data subject, an escalation on-call.
public struct Contact: Sendable, Hashable {
    /// How a webhook body is shaped for the receiver.
    public enum WebhookFormat: String, Sendable, CaseIterable {
        /// breach's own JSON document (incident, obligation, message).
        case generic
        /// A Slack incoming-webhook message (`{"text": ...}`).
        case slack
        /// breach's document in a Standard Webhooks envelope, signed as that specification says (`webhook-signature`).
        case standard
        /// A Microsoft Teams message carrying an Adaptive Card (incoming webhooks and Workflows).
        case teams

        /// The accepted values, for error messages and help.
        public static let acceptedNames = "generic, standard, slack or teams"
    }

    public let id: String
    public var name: String
    public var role: String
    public var tags: [String]
    public var email: String?
    public var webhookURL: String?
    /// Where the webhook's HMAC secret is: `env:NAME` or `file:/path`. The secret itself is never stored.
    public var webhookSecretRef: String?
    public var webhookFormat: WebhookFormat
    /// A CA bundle file to trust for this contact's HTTPS webhook (e.g. an internal CA).
    public var caBundle: String?

    public init(id: String, name: String, role: String, tags: [String] = [], email: String? = nil, webhookURL: String? = nil,
                webhookSecretRef: String? = nil, webhookFormat: WebhookFormat = .generic, caBundle: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.tags = tags
        self.email = email
        self.webhookURL = webhookURL
        self.webhookSecretRef = webhookSecretRef
        self.webhookFormat = webhookFormat
        self.caBundle = caBundle
    }

    /// The channels this contact can be reached on.
    public var channels: [NotificationChannel] {
        (email != nil ? [.email] : []) + (webhookURL != nil ? [.webhook] : [])
    }

    /// The stream of this contact's events in the log.
    public static func stream(_ id: String) -> String { streamPrefix + id }

    /// The contact whose stream `stream` is, or nil for any other stream (an incident's).
    public static func id(ofStream stream: String) -> String? {
        stream.hasPrefix(streamPrefix) ? String(stream.dropFirst(streamPrefix.count)) : nil
    }

    private static let streamPrefix = "contact:"

    /// The JSON payload of `contact.added` (secrets appear only as references).
    public var payload: JSONValue {
        .object([
            ("id", .string(id)), ("name", .string(name)), ("role", .string(role)), ("tags", .array(tags.map(JSONValue.string))),
            ("email", .optional(email)), ("webhook_url", .optional(webhookURL)), ("webhook_secret_ref", .optional(webhookSecretRef)),
            ("webhook_format", .string(webhookFormat.rawValue)), ("ca_bundle", .optional(caBundle)),
        ])
    }

    /// Reads a `contact.added` payload.
    public init?(payload: JSONValue) {
        guard let id = payload["id"]?.stringValue, let name = payload["name"]?.stringValue,
              let role = payload["role"]?.stringValue else { return nil }
        self.init(id: id, name: name, role: role, tags: (payload["tags"]?.arrayValue ?? []).compactMap(\.stringValue),
                  email: payload["email"]?.stringValue, webhookURL: payload["webhook_url"]?.stringValue,
                  webhookSecretRef: payload["webhook_secret_ref"]?.stringValue,
                  webhookFormat: payload["webhook_format"]?.stringValue.flatMap(WebhookFormat.init(rawValue:)) ?? .generic,
                  caBundle: payload["ca_bundle"]?.stringValue)
    }

    /// The accepted shape of ids, roles and tags.
    public static func validateIdentifier(_ text: String, field: String) throws(BreachError) -> String {
        // On bytes: every allowed character is one ASCII byte, so the byte count is the character count
        // (an import checks 100,000 ids, roles and their tags).
        let allowed = text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
        }
        guard !text.isEmpty, allowed, text.utf8.count <= 100, text.utf8.first != UInt8(ascii: "-") else {
            throw .invalidInput("\(field) '\(TextRules.printable(text))' must be 1–100 lowercase letters, digits, '-', '_', '.', ':' (e.g. acme-admin, customer:acme)")
        }
        return text
    }
}

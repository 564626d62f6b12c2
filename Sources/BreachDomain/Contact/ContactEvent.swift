/// Something that happened to a contact in the registry.
public enum ContactEvent: Sendable, Equatable {
    case added(Contact)
    case removed(reason: String?)

    public var type: String {
        switch self {
        case .added: "contact.added"
        case .removed: "contact.removed"
        }
    }

    public var payload: JSONValue {
        switch self {
        case let .added(contact): contact.payload
        case let .removed(reason): .object([("reason", .optional(reason))])
        }
    }

    public init(type: String, payload: JSONValue) throws(EventDecodingError) {
        switch type {
        case "contact.added":
            guard let contact = Contact(payload: payload) else { throw EventDecodingError(type: type, reason: "malformed contact") }
            self = .added(contact)
        case "contact.removed":
            self = .removed(reason: payload["reason"]?.stringValue)
        default:
            throw EventDecodingError(type: type, reason: "unknown contact event type")
        }
    }

    /// Folds a contact stream: the contact as last added, or nil when removed (or never added).
    public static func fold(_ events: [ContactEvent]) -> Contact? {
        var contact: Contact?
        for event in events {
            switch event {
            case let .added(added): contact = added
            case .removed: contact = nil
            }
        }
        return contact
    }
}

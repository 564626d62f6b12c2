import BreachDomain
import Foundation

/// The contact registry: who can be notified, each change an event in the log.
public final class ContactRegistry: @unchecked Sendable {
    let store: any BreachStore
    let clock: any BreachClock
    let wallClock: any BreachClock
    let actor: String

    public init(store: any BreachStore, clock: any BreachClock, actor: String, wallClock: any BreachClock = SystemClock()) {
        self.store = store
        self.clock = clock
        self.actor = actor
        self.wallClock = wallClock
    }

    /// Adds contacts in one transaction: all of them or none.
    @discardableResult
    public func add(_ contacts: [Contact]) throws -> [Contact] {
        let validated = try contacts.map(ContactValidation.validated)
        var seen = Set<String>()
        for contact in validated where !seen.insert(contact.id).inserted {
            throw BreachError.invalidInput("contact \(contact.id) appears twice; ids must be unique")
        }
        let now = clock.now()
        // One transaction, one recording time: formatted once for all of an import's events.
        let recordedAt = wallClock.now()
        try store.write { unit in
            // One read of the registry, not a look-up per contact: an import adds 100,000 at once.
            let existing = Set(try unit.contacts().map(\.id))
            for contact in validated {
                if existing.contains(contact.id) {
                    throw BreachError.refused("contact \(contact.id) already exists; remove it first (`breach contact remove \(contact.id)`) to replace it")
                }
                let stream = Contact.stream(contact.id)
                try unit.append([NewEvent(type: ContactEvent.added(contact).type, payload: contact.payload, effectiveAt: now, actor: actor)],
                                to: stream, expectedVersion: try unit.version(of: stream), recordedAt: recordedAt)
                try unit.projectContact(id: contact.id, contact)
            }
        }
        return validated
    }

    /// Removes a contact from the registry (its history stays in the log) and cancels its pending
    /// notifications in the same transaction; returns those it cancelled.
    @discardableResult
    public func remove(_ id: String, reason: String?) throws -> [CancelledNotification] {
        let now = clock.now()
        let cleanReason = try reason.map { try TextRules.text($0, field: "reason") }
        return try store.write { unit in
            guard try unit.contact(id) != nil else {
                throw BreachError.notFound("no contact \(id); see `breach contact list`")
            }
            let stream = Contact.stream(id)
            let event = ContactEvent.removed(reason: cleanReason)
            try unit.append([NewEvent(type: event.type, payload: event.payload, effectiveAt: now, actor: actor)],
                            to: stream, expectedVersion: try unit.version(of: stream), recordedAt: wallClock.now())
            try unit.projectContact(id: id, nil)
            let why = "contact \(id) was removed" + (cleanReason.map { ": \($0)" } ?? "")
            return try self.cancelPendingNotifications(of: id, reason: why, at: now, in: unit)
        }
    }

    /// Contacts, optionally only those with `role` and carrying `tag`, ordered by id.
    public func list(role: String? = nil, tag: String? = nil) throws -> [Contact] {
        try store.read { reader in try reader.contacts() }.filter { contact in
            (role == nil || contact.role == role) && (tag == nil || contact.tags.contains(tag!))
        }
    }

    /// One contact, or a not-found error.
    public func contact(_ id: String) throws -> Contact {
        guard let contact = try store.read({ reader in try reader.contact(id) }) else {
            throw BreachError.notFound("no contact \(id); see `breach contact list`")
        }
        return contact
    }
}

import BreachDomain
import Foundation
import GRDB

/// The contact registry: who can be notified, each change an event in the log.
public final class ContactRegistry: @unchecked Sendable {
    let database: BreachDatabase
    let clock: any BreachClock
    let wallClock: any BreachClock
    let actor: String

    public init(database: BreachDatabase, clock: any BreachClock, actor: String, wallClock: any BreachClock = SystemClock()) {
        self.database = database
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
        try database.write { db in
            for contact in validated {
                if try Int.fetchOne(db, sql: "SELECT 1 FROM contacts WHERE id = ?", arguments: [contact.id]) != nil {
                    throw BreachError.refused("contact \(contact.id) already exists; remove it first (`breach contact remove \(contact.id)`) to replace it")
                }
                let stream = Contact.stream(contact.id)
                let version = try EventStore.version(of: stream, in: db)
                try EventStore.append([EventStore.NewEvent(type: ContactEvent.added(contact).type, payload: contact.payload,
                                                           effectiveAt: now, actor: actor)],
                                      to: stream, expectedVersion: version, recordedAt: wallClock.now(), in: db)
                try ContactProjection.write(id: contact.id, contact: contact, in: db)
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
        return try database.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM contacts WHERE id = ?", arguments: [id]) != nil else {
                throw BreachError.notFound("no contact \(id); see `breach contact list`")
            }
            let stream = Contact.stream(id)
            let event = ContactEvent.removed(reason: cleanReason)
            try EventStore.append([EventStore.NewEvent(type: event.type, payload: event.payload, effectiveAt: now, actor: actor)],
                                  to: stream, expectedVersion: try EventStore.version(of: stream, in: db),
                                  recordedAt: wallClock.now(), in: db)
            try ContactProjection.write(id: id, contact: nil, in: db)
            let why = "contact \(id) was removed" + (cleanReason.map { ": \($0)" } ?? "")
            return try self.cancelPendingNotifications(of: id, reason: why, at: now, in: db)
        }
    }

    /// Contacts, optionally only those with `role` and carrying `tag`, ordered by id.
    public func list(role: String? = nil, tag: String? = nil) throws -> [Contact] {
        try database.read { db in try Self.all(in: db) }.filter { contact in
            (role == nil || contact.role == role) && (tag == nil || contact.tags.contains(tag!))
        }
    }

    /// One contact, or a not-found error.
    public func contact(_ id: String) throws -> Contact {
        guard let contact = try database.read({ db in try Self.find(id, in: db) }) else {
            throw BreachError.notFound("no contact \(id); see `breach contact list`")
        }
        return contact
    }

    static func all(in db: Database) throws -> [Contact] {
        try Row.fetchAll(db, sql: "SELECT * FROM contacts ORDER BY id").map(ContactProjection.contact)
    }

    static func find(_ id: String, in db: Database) throws -> Contact? {
        try Row.fetchOne(db, sql: "SELECT * FROM contacts WHERE id = ?", arguments: [id]).map(ContactProjection.contact)
    }
}

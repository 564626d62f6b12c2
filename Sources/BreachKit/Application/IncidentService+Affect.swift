import BreachDomain
import Foundation

extension IncidentService {
    /// Links registry contacts to an incident, by id or by tag.
    @discardableResult
    public func affect(_ id: String, contactIDs: [String], tag: String?) throws -> Incident {
        let contacts = try store.read { reader in try reader.contacts() }
        var linked: [String] = []
        for contactID in contactIDs {
            guard contacts.contains(where: { $0.id == contactID }) else {
                throw BreachError.notFound("no contact \(contactID); add it with `breach contact add` or see `breach contact list`")
            }
            linked.append(contactID)
        }
        if let tag {
            let tagged = contacts.filter { $0.tags.contains(tag) }.map(\.id)
            guard !tagged.isEmpty else { throw BreachError.notFound("no contact carries the tag \(tag); see `breach contact list`") }
            linked += tagged
        }
        guard !linked.isEmpty else { throw BreachError.invalidInput("name contacts with --contact CID or --tag TAG") }
        return try execute(.affect(contactIDs: linked), on: id)
    }
}

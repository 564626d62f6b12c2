import BreachDomain
import Foundation

/// The contact registry as it stands (the `contacts` read model).
public protocol ContactReadModel {
    /// Every contact currently in the registry, ordered by id.
    func contacts() throws -> [Contact]
    /// One contact, or nil when it is not (or no longer) in the registry.
    func contact(_ id: String) throws -> Contact?
    /// The contacts among `ids` still in the registry, in no particular order.
    ///
    /// A claim needs the contacts of the notifications it takes (at most a batch), not the registry: read
    /// whole, 50,000 contacts were decoded on every claim round of a large notify.
    func contacts(ids: [String]) throws -> [Contact]
}

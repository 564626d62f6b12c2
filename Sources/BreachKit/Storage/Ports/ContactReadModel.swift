import BreachDomain
import Foundation

/// The contact registry as it stands (the `contacts` read model).
public protocol ContactReadModel {
    /// Every contact currently in the registry, ordered by id.
    func contacts() throws -> [Contact]
    /// One contact, or nil when it is not (or no longer) in the registry.
    func contact(_ id: String) throws -> Contact?
}

import BreachDomain
import Foundation

/// Loads the incident rules on first use, once.
///
/// Most commands (`list`, `show`, `timeline`, `check`, the reports) never ask for rules, and parsing
/// every playbook's YAML would be most of their start-up time; commands that do ask (`detect`,
/// `advance`, `declare`, …) see the same rules and the same loading errors as before.
public final class LazyRulesProvider: IncidentRulesProvider, @unchecked Sendable {
    private let provider: Once<any IncidentRulesProvider>

    public init(_ load: @escaping () throws -> any IncidentRulesProvider) {
        provider = Once(load)
    }

    /// True once the rules were asked for (loaded or failed).
    public var isLoaded: Bool { provider.isMade }

    public func validateKind(_ kind: String) throws { try provider.get().validateKind(kind) }

    public func rules(forKind kind: String) throws -> IncidentRules? { try provider.get().rules(forKind: kind) }

    public func regimeCatalog() throws -> (any RegimeCatalog)? { try provider.get().regimeCatalog() }
}

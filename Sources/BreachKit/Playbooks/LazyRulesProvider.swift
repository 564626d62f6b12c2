import BreachDomain
import Foundation

/// Loads the incident rules on first use, once.
///
/// Most commands (`list`, `show`, `timeline`, `check`, the reports) never ask for rules, and parsing
/// every playbook's YAML would be most of their start-up time; commands that do ask (`detect`,
/// `advance`, `declare`, …) see the same rules and the same loading errors as before.
public final class LazyRulesProvider: IncidentRulesProvider, @unchecked Sendable {
    private let load: () throws -> any IncidentRulesProvider
    private let lock = NSLock()
    private var loaded: Result<any IncidentRulesProvider, any Error>?

    public init(_ load: @escaping () throws -> any IncidentRulesProvider) {
        self.load = load
    }

    /// True once the rules were asked for (loaded or failed).
    public var isLoaded: Bool {
        lock.lock()
        defer { lock.unlock() }
        return loaded != nil
    }

    public func validateKind(_ kind: String) throws { try provider().validateKind(kind) }

    public func rules(forKind kind: String) throws -> IncidentRules? { try provider().rules(forKind: kind) }

    private func provider() throws -> any IncidentRulesProvider {
        lock.lock()
        defer { lock.unlock() }
        if loaded == nil { loaded = Result { try load() } }
        return try loaded!.get()
    }
}

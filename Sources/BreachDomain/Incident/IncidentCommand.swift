import Foundation

/// What a user asks to do to an incident; `Incident.decide` turns it into events or a refusal.
public enum IncidentCommand: Sendable, Equatable {
    case detect(title: String, kind: String, severity: Severity, summary: String?)
    case advance(to: Stage?, reason: String?, force: Bool)
    case checkItem(String)
    case declare(awareAt: Date?, reason: String?, regimes: [String] = [])
    case determine(at: Date?)
    case note(String)
    case assign(String)
    case affect(contactIDs: [String])
    case waive(obligationID: String, reason: String)
    case close(resolution: String)
    case reopen(to: Stage, reason: String)
    /// Attach a further regime's obligations to a declared incident.
    case apply(regime: String, reason: String)
    /// Record a playbook milestone, once.
    case mark(milestone: String, at: Date?)
    /// Record a filing made outside breach.
    case file(obligationID: String, reference: String, at: Date?, evidence: ObligationFiled.Evidence?)
    /// Set incident facts the playbooks declare.
    case setFacts([FactsSet.Fact])
    /// Record a supplement to a met obligation (its notifications are queued by `notify`).
    case supplement(obligationID: String, reason: String)
}

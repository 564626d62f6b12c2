import Foundation

/// What a user asks to do to an incident; `Incident.decide` turns it into events or a refusal.
public enum IncidentCommand: Sendable, Equatable {
    case detect(title: String, kind: String, severity: Severity, summary: String?)
    case advance(to: Stage?, reason: String?, force: Bool)
    case checkItem(String)
    case declare(awareAt: Date?, reason: String?)
    case determine(at: Date?)
    case note(String)
    case assign(String)
    case affect(contactIDs: [String])
    case waive(obligationID: String, reason: String)
    case close(resolution: String)
    case reopen(to: Stage, reason: String)
}

import BreachDomain
import Foundation

/// A small stand-in for a playbook: checklists per stage and obligations anchored on the incident's times.
public struct FakePlaybook: StageRules, DeclarationRules {
    public struct Item: Sendable {
        public let id: String
        public let required: Bool
        public init(id: String, required: Bool) { self.id = id; self.required = required }
    }

    /// An obligation due `hours` after its anchor (`aware`, `declared` or `determined`).
    public struct Duty: Sendable {
        public let id: String
        public let anchor: String
        public let hours: Double
        public init(id: String, anchor: String, hours: Double) { self.id = id; self.anchor = anchor; self.hours = hours }
    }

    public var checklist: [Stage: [Item]]
    public var duties: [Duty]

    public init(checklist: [Stage: [Item]], duties: [Duty]) {
        self.checklist = checklist
        self.duties = duties
    }

    /// detect: triage (required), timeline-started; assess: scope (required); diagnose: root-cause (required).
    /// Obligations: notify-dpa 72 h after awareness, notify-customers 72 h after declaration, sec-8k 96 h after determination.
    public static let standard = FakePlaybook(
        checklist: [
            .detect: [Item(id: "triage", required: true), Item(id: "timeline-started", required: false)],
            .assess: [Item(id: "scope", required: true)],
            .diagnose: [Item(id: "root-cause", required: true)],
        ],
        duties: [Duty(id: "notify-dpa", anchor: "aware", hours: 72), Duty(id: "notify-customers", anchor: "declared", hours: 72),
                 Duty(id: "sec-8k", anchor: "determined", hours: 96)]
    )

    public func checklistItems(of stage: Stage) -> [String] { (checklist[stage] ?? []).map(\.id) }

    public func requiredItems(of stage: Stage) -> [String] { (checklist[stage] ?? []).filter(\.required).map(\.id) }

    public func obligationSnapshots(declaredAt: Date, awareAt: Date, determinedAt: Date?) -> [ObligationSnapshot] {
        duties.map { duty in
            let anchor: Date? = switch duty.anchor {
            case "aware": awareAt
            case "declared": declaredAt
            default: determinedAt
            }
            return ObligationSnapshot(id: duty.id, title: "Notify (\(duty.id))", audienceText: "audience of \(duty.id)", anchor: duty.anchor,
                                      channels: [], dueAt: anchor?.addingTimeInterval(duty.hours * 3600),
                                      escalationThresholds: [21_600, 3600], holidays: [], rule: nil)
        }
    }
}

import Foundation
import Testing
@testable import BreachDomain

/// Instants of the domain tests, counted in hours from the detection of the sample incident.
enum TestTime {
    static let detection = RFC3339.parse("2026-11-28T09:00:00Z")!

    static func at(_ hours: Double) -> Date { detection.addingTimeInterval(hours * 3600) }
}

/// Sample events and incidents, folded with the real `evolve`.
enum Sample {
    static let detected = IncidentEvent.detected(title: "Leaked S3 bucket", kind: "data-breach", severity: .high, summary: nil)

    /// The incident after `steps` (events at hours after detection), detected at hour 0 by alice.
    static func incident(_ steps: (IncidentEvent, Double)..., by actor: String = "alice") -> Incident {
        incident(steps, by: actor)
    }

    static func incident(_ steps: [(IncidentEvent, Double)], by actor: String = "alice") -> Incident {
        let history = [RecordedIncidentEvent(detected, at: TestTime.at(0), by: actor)]
            + steps.map { RecordedIncidentEvent($0.0, at: TestTime.at($0.1), by: actor) }
        return Incident.replay(id: "INC-1", history)!
    }

    /// The sample incident in `stage`, reached by plain advances one hour apart.
    static func incident(in stage: Stage) -> Incident {
        var steps: [(IncidentEvent, Double)] = []
        var current = Stage.detect
        while current < stage, current.next != .closed {
            steps.append((.stageAdvanced(from: current, to: current.next!, reason: nil, forced: false), Double(steps.count + 1)))
            current = current.next!
        }
        if stage == .closed { steps.append((.closed(resolution: "contained"), Double(steps.count + 1))) }
        return incident(steps)
    }

    /// A declared incident (aware at hour 1, declared at hour 2) with the standard playbook's obligations.
    static func declared(_ more: (IncidentEvent, Double)...) -> Incident { declared(more) }

    static func declared(_ more: [(IncidentEvent, Double)]) -> Incident { incident([(declaration(), 2)] + more) }

    static func declaration(awareAt: Double = 1, declaredAt: Double = 2, determinedAt: Double? = nil) -> IncidentEvent {
        .declared(awareAt: TestTime.at(awareAt), reason: "customer data exposed",
                  obligations: FakePlaybook.standard.obligationSnapshots(declaredAt: TestTime.at(declaredAt), awareAt: TestTime.at(awareAt),
                                                                          determinedAt: determinedAt.map(TestTime.at)))
    }

    static func queued(_ id: String, for obligation: String, to contact: String, via channel: String = "email") -> IncidentEvent {
        .notificationQueued(.object([("notification_id", .string(id)), ("obligation_id", .string(obligation)),
                                     ("contact_id", .string(contact)), ("channel", .string(channel))]))
    }

    static func delivered(_ id: String, for obligation: String) -> IncidentEvent {
        .notificationDelivered(.object([("notification_id", .string(id)), ("obligation_id", .string(obligation)),
                                        ("receipt", .string("250 2.0.0 queued"))]))
    }
}

/// A small stand-in for a playbook: checklists per stage and obligations anchored on the incident's times.
struct FakePlaybook: StageRules, DeclarationRules {
    struct Item: Sendable { let id: String; let required: Bool }
    struct Duty: Sendable { let id: String; let anchor: String; let hours: Double }

    var checklist: [Stage: [Item]]
    var duties: [Duty]

    /// detect: triage (required), timeline-started; assess: scope (required); diagnose: root-cause (required).
    /// Obligations: notify-dpa 72 h after awareness, notify-customers 72 h after declaration, sec-8k 96 h after determination.
    static let standard = FakePlaybook(
        checklist: [
            .detect: [Item(id: "triage", required: true), Item(id: "timeline-started", required: false)],
            .assess: [Item(id: "scope", required: true)],
            .diagnose: [Item(id: "root-cause", required: true)],
        ],
        duties: [Duty(id: "notify-dpa", anchor: "aware", hours: 72), Duty(id: "notify-customers", anchor: "declared", hours: 72),
                 Duty(id: "sec-8k", anchor: "determined", hours: 96)]
    )

    func checklistItems(of stage: Stage) -> [String] { (checklist[stage] ?? []).map(\.id) }

    func requiredItems(of stage: Stage) -> [String] { (checklist[stage] ?? []).filter(\.required).map(\.id) }

    func obligationSnapshots(declaredAt: Date, awareAt: Date, determinedAt: Date?) -> [JSONValue] {
        duties.map { duty in
            let anchor: Date? = switch duty.anchor {
            case "aware": awareAt
            case "declared": declaredAt
            default: determinedAt
            }
            return .object([("id", .string(duty.id)), ("title", .string("Notify (\(duty.id))")), ("anchor", .string(duty.anchor)),
                            ("due_at", .time(anchor?.addingTimeInterval(duty.hours * 3600)))])
        }
    }
}

/// Decides `command` for `state` at hour `hours` with the standard fake playbook.
func decide(_ command: IncidentCommand, on state: Incident?, at hours: Double = 10,
            playbook: FakePlaybook? = .standard) throws(BreachError) -> [IncidentEvent] {
    try Incident.decide(command, state: state, stageRules: playbook, declarationRules: playbook, now: TestTime.at(hours))
}

/// Expects `body` to throw a `BreachError` with `code` whose message contains every fragment.
func expectRefusal(_ code: BreachError.Code, mentioning fragments: String..., sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () throws -> Void) {
    let error = #expect(throws: BreachError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(error.message.contains(fragment), "'\(error.message)' does not mention '\(fragment)'", sourceLocation: sourceLocation)
    }
}

import Foundation
import Testing
@testable import BreachDomain
import BreachTestSupport

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

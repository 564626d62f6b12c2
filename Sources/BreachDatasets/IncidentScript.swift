import BreachDomain
import BreachKit
import Foundation

/// Plays commands against one incident the way the CLI would — `Incident.decide`, then `evolve` —
/// collecting the events with their effective times. Used by `DatasetGenerator`.
struct IncidentScript {
    let id: String
    let rules: PlaybookRules
    var actor: String
    var now: Date
    private(set) var state: Incident?
    private(set) var events: [RecordedIncidentEvent] = []

    init(id: String, rules: PlaybookRules, actor: String, now: Date) {
        self.id = id
        self.rules = rules
        self.actor = actor
        self.now = now
    }

    /// The incident as folded so far (only after `detect`).
    var incident: Incident { state! }

    /// Decides `command` at `now` and records its events; a refusal means the script itself is wrong.
    mutating func run(_ command: IncidentCommand) throws {
        record(try Incident.decide(command, state: state, stageRules: rules, declarationRules: rules, now: now))
    }

    /// Records events decided elsewhere (the notification planner, delivery outcomes) at `now`.
    mutating func record(_ decided: [IncidentEvent]) {
        for event in decided {
            let recorded = RecordedIncidentEvent(event, at: now, by: actor)
            Incident.evolve(&state, recorded, id: id)
            events.append(recorded)
        }
    }

    mutating func wait(_ seconds: Double) { now = now.addingTimeInterval(seconds) }

    /// Checks the current stage's open required items, then advances to the next stage.
    mutating func advance(_ random: inout SeededRandom) throws {
        for item in rules.requiredItems(of: incident.stage) where !incident.isChecked(item, in: incident.stage) {
            try run(.checkItem(item))
            wait(random.seconds(120, 3600))
        }
        try run(.advance(to: nil, reason: nil, force: false))
    }
}

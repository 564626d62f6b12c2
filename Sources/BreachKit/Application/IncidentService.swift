import BreachDomain
import Foundation

/// The application service: load an incident, let the domain decide, append, project — one use case per call.
///
/// The CLI is a thin shell over this; tests call it directly.
public final class IncidentService: @unchecked Sendable {
    /// Where the log and read models live; the only way this service touches storage.
    public let store: any BreachStore
    public let clock: any BreachClock
    public let actor: String
    /// The real time, recorded beside the effective time of every event.
    public let wallClock: any BreachClock
    /// Supplies stage checklists and declaration obligations for an incident's kind.
    public var rulesProvider: (any IncidentRulesProvider)?

    /// How many times a command is re-decided after a concurrent change before giving up.
    public static let conflictRetries = 5

    public init(store: any BreachStore, clock: any BreachClock, actor: String,
                wallClock: any BreachClock = SystemClock(), rulesProvider: (any IncidentRulesProvider)? = nil) {
        self.store = store
        self.clock = clock
        self.actor = actor
        self.wallClock = wallClock
        self.rulesProvider = rulesProvider
    }

    /// Opens a new incident in stage `detect` and returns it (its id is the next `INC-n`).
    @discardableResult
    public func detect(title: String, kind: String, severity: Severity, summary: String?) throws -> Incident {
        try rulesProvider?.validateKind(kind)
        let now = clock.now()
        let events = try Incident.decide(.detect(title: title, kind: kind, severity: severity, summary: summary), state: nil, now: now)
        return try store.write { unit in
            // Numbered inside the unit of work: the backend serialises concurrent detects.
            let id = IncidentID.make(try unit.nextIncidentNumber())
            return try self.append(events, to: id, state: nil, at: now, in: unit)
        }
    }

    /// Runs `command` against incident `id`, retrying the decision if someone else changed it meanwhile.
    @discardableResult
    public func execute(_ command: IncidentCommand, on id: String) throws -> Incident {
        var attempt = 0
        while true {
            attempt += 1
            let state = try load(id)
            let now = clock.now()
            let events = try decide(command, state: state, now: now)
            do {
                return try store.write { unit in try self.append(events, to: id, state: state, at: now, in: unit) }
            } catch let error as BreachError where error.code == .conflict && attempt < Self.conflictRetries {
                continue
            }
        }
    }

    /// Decides without writing, for `--dry-run` style previews and tests.
    public func decide(_ command: IncidentCommand, state: Incident, now: Date) throws -> [IncidentEvent] {
        let rules = try rulesProvider?.rules(forKind: state.kind)
        let regimes = try rulesProvider?.regimeCatalog()
        return try Incident.decide(command, state: state, stageRules: rules?.stages, declarationRules: rules?.declaration,
                                   regimes: regimes, now: now)
    }

    /// Appends decided events to a stream and updates its read models, inside the caller's unit of work.
    @discardableResult
    ///
    /// `state` is consumed: when the caller passes its only copy (`consume`), the events are applied in
    /// place instead of to a copy of all the incident's arrays.
    func append(_ events: [IncidentEvent], to id: String, state: consuming Incident?, at now: Date, in unit: any StoreTransaction) throws -> Incident {
        let recorded = events.map { RecordedIncidentEvent($0, at: now, by: actor) }
        let stored = try unit.append(recorded.map(NewEvent.init), to: id, expectedVersion: state?.version ?? 0,
                                     recordedAt: wallClock.now())
        var incident = consume state
        for event in recorded { Incident.evolve(&incident, event, id: id) }
        guard let incident else { throw BreachError(.internalError, "\(id): events did not produce an incident") }
        try unit.project(incident, appended: Array(zip(stored, recorded)))
        return incident
    }

    /// The current state of incident `id`, folded from its events (the source of truth).
    public func load(_ id: String) throws -> Incident {
        try store.read { reader in try Self.load(id, from: reader) }
    }

    /// The current state of incident `id` as `reader` sees it (inside a snapshot or a unit of work).
    public static func load(_ id: String, from reader: any EventLogReader) throws -> Incident {
        try fold(id: id, try reader.events(of: id))
    }

    static func fold(id: String, _ stored: [StoredEvent]) throws -> Incident {
        guard !stored.isEmpty else { throw unknownIncident(id) }
        var incident: Incident?
        for event in stored { Incident.evolve(&incident, try event.decoded(), id: id) }
        guard let incident else { throw BreachError(.database, "\(id): its log does not start with incident.detected; run `breach verify`") }
        return incident
    }

    /// The timeline rows of incident `id`, oldest first.
    public func timeline(_ id: String) throws -> [TimelineRow] {
        try store.read { reader in
            guard try reader.incidentExists(id) else { throw Self.unknownIncident(id) }
            return try reader.timeline(of: id)
        }
    }

    /// Refolds every read model from the log.
    public func rebuild(progress: ((Int) -> Void)? = nil) throws -> RebuildStats {
        try store.rebuild(progress: progress)
    }

    /// Recomputes the chain and the read models.
    public func verify() throws -> IntegrityReport {
        try store.verify()
    }

    /// The refusal for an incident id nobody detected.
    static func unknownIncident(_ id: String) -> BreachError {
        BreachError.notFound("no incident \(id); see `breach list` for the ids that exist")
    }
}

/// One line of `breach timeline`.
public struct TimelineRow: Sendable, Equatable {
    public let sequence: Int64
    public let at: String
    public let type: String
    public let actor: String
    public let summary: String
}

/// The playbook-derived rules of an incident kind.
public struct IncidentRules: Sendable {
    public let stages: any StageRules
    public let declaration: any DeclarationRules

    public init(stages: any StageRules, declaration: any DeclarationRules) {
        self.stages = stages
        self.declaration = declaration
    }
}

/// Where the service gets an incident kind's rules: the playbook catalog.
public protocol IncidentRulesProvider: Sendable {
    /// Throws a not-found error naming the known kinds when `kind` has no playbook.
    func validateKind(_ kind: String) throws
    /// The rules of `kind`, or nil when it has none.
    func rules(forKind kind: String) throws -> IncidentRules?
    /// The playbooks that can be applied as further regimes.
    func regimeCatalog() throws -> (any RegimeCatalog)?
}

extension IncidentRulesProvider {
    public func regimeCatalog() throws -> (any RegimeCatalog)? { nil }
}

import BreachDomain
import Foundation
import GRDB

/// The application service: load an incident, let the domain decide, append, project — one use case per call.
///
/// The CLI is a thin shell over this; tests call it directly.
public final class IncidentService: @unchecked Sendable {
    public let database: BreachDatabase
    public let clock: any BreachClock
    public let actor: String
    /// The real time, recorded beside the effective time of every event.
    public let wallClock: any BreachClock
    /// Supplies stage checklists and declaration obligations for an incident's kind.
    public var rulesProvider: (any IncidentRulesProvider)?

    /// How many times a command is re-decided after a concurrent change before giving up.
    public static let conflictRetries = 5

    public init(database: BreachDatabase, clock: any BreachClock, actor: String,
                wallClock: any BreachClock = SystemClock(), rulesProvider: (any IncidentRulesProvider)? = nil) {
        self.database = database
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
        return try database.write { db in
            // Numbering inside the write transaction: the lock serialises concurrent detects.
            let number = (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM incidents") ?? 0) + 1
            let id = IncidentID.make(number)
            return try self.append(events, to: id, state: nil, at: now, in: db)
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
                return try database.write { db in try self.append(events, to: id, state: state, at: now, in: db) }
            } catch let error as BreachError where error.code == .conflict && attempt < Self.conflictRetries {
                continue
            }
        }
    }

    /// Decides without writing, for `--dry-run` style previews and tests.
    public func decide(_ command: IncidentCommand, state: Incident, now: Date) throws -> [IncidentEvent] {
        let rules = try rulesProvider?.rules(forKind: state.kind)
        return try Incident.decide(command, state: state, stageRules: rules?.stages, declarationRules: rules?.declaration, now: now)
    }

    /// Appends decided events to a stream and updates its read models, inside the caller's transaction.
    @discardableResult
    func append(_ events: [IncidentEvent], to id: String, state: Incident?, at now: Date, in db: Database) throws -> Incident {
        let recorded = events.map { RecordedIncidentEvent($0, at: now, by: actor) }
        let stored = try EventStore.append(recorded.map(EventStore.NewEvent.init), to: id, expectedVersion: state?.version ?? 0,
                                           recordedAt: wallClock.now(), in: db)
        var incident = state
        for event in recorded { Incident.evolve(&incident, event, id: id) }
        guard let incident else { throw BreachError(.internalError, "\(id): events did not produce an incident") }
        try Projector.project(incident, appended: Array(zip(stored, recorded)), in: db)
        return incident
    }

    /// The current state of incident `id`, folded from its events (the source of truth).
    public func load(_ id: String) throws -> Incident {
        let stored = try database.read { db in try EventStore.events(of: id, in: db) }
        return try Self.fold(id: id, stored)
    }

    static func fold(id: String, _ stored: [StoredEvent]) throws -> Incident {
        guard !stored.isEmpty else {
            throw BreachError.notFound("no incident \(id); see `breach list` for the ids that exist")
        }
        var incident: Incident?
        for event in stored { Incident.evolve(&incident, try event.decoded(), id: id) }
        guard let incident else { throw BreachError(.database, "\(id): its log does not start with incident.detected; run `breach verify`") }
        return incident
    }

    /// The timeline rows of incident `id`, oldest first.
    public func timeline(_ id: String) throws -> [TimelineRow] {
        try database.read { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM incidents WHERE id = ?", arguments: [id]) != nil else {
                throw BreachError.notFound("no incident \(id); see `breach list` for the ids that exist")
            }
            return try Row.fetchAll(db, sql: TimelineEntry.query, arguments: [id]).map {
                TimelineRow(sequence: $0["sequence"], at: $0["at"], type: $0["type"], actor: $0["actor"], summary: $0["summary"])
            }
        }
    }

    /// Refolds every read model from the log.
    public func rebuild(progress: ((Int) -> Void)? = nil) throws -> Projector.RebuildStats {
        let reader = try database.openReader()
        return try database.write { db in try Projector.rebuild(in: db, eventsFrom: reader, progress: progress) }
    }

    /// Recomputes the chain and the read models.
    public func verify() throws -> IntegrityVerifier.Report {
        try database.read { db in try IntegrityVerifier.verify(in: db) }
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
}

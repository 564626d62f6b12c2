import Foundation

/// Something that happened to an incident: the unit of the append-only log.
///
/// Each case is past tense and carries only the facts needed to rebuild state. The time it happened
/// and who did it travel beside it in `RecordedIncidentEvent`, not inside the payload.
public enum IncidentEvent: Sendable, Equatable {
    case detected(title: String, kind: String, severity: Severity, summary: String?)
    case stageAdvanced(from: Stage, to: Stage, reason: String?, forced: Bool)
    case checklistItemChecked(stage: Stage, item: String)
    case declared(awareAt: Date, reason: String?, obligations: [ObligationSnapshot])
    case materialityDetermined(at: Date)
    case noteAdded(text: String)
    case assigned(assignee: String)
    case contactLinked(contactID: String)
    case obligationWaived(obligationID: String, reason: String)
    case deadlineWarning(obligationID: String, thresholdSeconds: Int, dueAt: Date)
    case deadlineMissed(obligationID: String, dueAt: Date)
    case notificationQueued(NotificationQueued)
    case notificationAttempted(DeliveryAttempt)
    case notificationDelivered(DeliveryAttempt)
    case notificationFailed(DeliveryAttempt)
    /// A pending notification that will never be attempted, because its contact left the registry.
    case notificationCancelled(notificationID: String, obligationID: String, contactID: String, channel: NotificationChannel,
                               reason: String)
    case closed(resolution: String)
    case reopened(to: Stage, reason: String)
    /// A further regime's obligations attached (`declare --regime`, `apply`).
    case regimeApplied(RegimeApplied)
    /// A playbook milestone recorded (`mark`).
    case milestoneMarked(MilestoneMarked)
    /// A filing made outside breach (`file`).
    case obligationFiled(ObligationFiled)
    /// Supplementary information sent on a met obligation (`notify --supplement`).
    case supplementRecorded(SupplementRecorded)
    /// Incident facts set (`facts --set`).
    case factsSet(FactsSet)
    /// A conditional obligation started to apply after a fact changed.
    case obligationNowApplies(ObligationNowApplies)
    /// A conditional obligation stopped applying after a fact changed.
    case obligationWithdrawn(ObligationWithdrawn)

    /// The stored type name, stable forever once shipped.
    public var type: String {
        switch self {
        case .detected: "incident.detected"
        case .stageAdvanced: "incident.stage_advanced"
        case .checklistItemChecked: "incident.checklist_item_checked"
        case .declared: "incident.declared"
        case .materialityDetermined: "incident.materiality_determined"
        case .noteAdded: "incident.note_added"
        case .assigned: "incident.assigned"
        case .contactLinked: "incident.contact_linked"
        case .obligationWaived: "obligation.waived"
        case .deadlineWarning: "obligation.deadline_warning"
        case .deadlineMissed: "obligation.deadline_missed"
        case .notificationQueued: "notification.queued"
        case .notificationAttempted: "notification.attempted"
        case .notificationDelivered: "notification.delivered"
        case .notificationFailed: "notification.failed"
        case .notificationCancelled: "notification.cancelled"
        case .closed: "incident.closed"
        case .reopened: "incident.reopened"
        case .regimeApplied: RegimeApplied.type
        case .milestoneMarked: MilestoneMarked.type
        case .obligationFiled: ObligationFiled.type
        case .supplementRecorded: SupplementRecorded.type
        case .factsSet: FactsSet.type
        case .obligationNowApplies: ObligationNowApplies.type
        case .obligationWithdrawn: ObligationWithdrawn.type
        }
    }

    /// The schema version written for this type today. Older versions are upcast on read.
    public static func currentSchemaVersion(of type: String) -> Int {
        switch type {
        case "incident.detected": 2
        // notification.cancelled starts at 1 (explicit: a new type's first version is part of its contract).
        case "notification.cancelled": 1
        case RegimeApplied.type: RegimeApplied.schemaVersion
        case MilestoneMarked.type: MilestoneMarked.schemaVersion
        case ObligationFiled.type: ObligationFiled.schemaVersion
        case SupplementRecorded.type: SupplementRecorded.schemaVersion
        case FactsSet.type: FactsSet.schemaVersion
        case ObligationNowApplies.type: ObligationNowApplies.schemaVersion
        case ObligationWithdrawn.type: ObligationWithdrawn.schemaVersion
        default: 1
        }
    }

    /// The payload as JSON, keys in a fixed order.
    public var payload: JSONValue {
        switch self {
        case let .detected(title, kind, severity, summary):
            return .object([("title", .string(title)), ("kind", .string(kind)), ("severity", .string(severity.rawValue)),
                            ("summary", .optional(summary))])
        case let .stageAdvanced(from, to, reason, forced):
            return .object([("from", .string(from.rawValue)), ("to", .string(to.rawValue)), ("reason", .optional(reason)),
                            ("forced", .bool(forced))])
        case let .checklistItemChecked(stage, item):
            return .object([("stage", .string(stage.rawValue)), ("item", .string(item))])
        case let .declared(awareAt, reason, obligations):
            return .object([("aware_at", .time(awareAt)), ("reason", .optional(reason)), ("obligations", .array(obligations.map(\.payload)))])
        case let .materialityDetermined(at):
            return .object([("determined_at", .time(at))])
        case let .noteAdded(text):
            return .object([("text", .string(text))])
        case let .assigned(assignee):
            return .object([("assignee", .string(assignee))])
        case let .contactLinked(contactID):
            return .object([("contact_id", .string(contactID))])
        case let .obligationWaived(obligationID, reason):
            return .object([("obligation_id", .string(obligationID)), ("reason", .string(reason))])
        case let .deadlineWarning(obligationID, thresholdSeconds, dueAt):
            return .object([("obligation_id", .string(obligationID)), ("threshold_seconds", .int(Int64(thresholdSeconds))),
                            ("due_at", .time(dueAt))])
        case let .deadlineMissed(obligationID, dueAt):
            return .object([("obligation_id", .string(obligationID)), ("due_at", .time(dueAt))])
        case let .notificationQueued(queued):
            return queued.payload
        case let .notificationAttempted(attempt), let .notificationDelivered(attempt), let .notificationFailed(attempt):
            return attempt.payload
        case let .notificationCancelled(notificationID, obligationID, contactID, channel, reason):
            return .object([(NotificationQueued.Key.notificationID, .string(notificationID)), (NotificationQueued.Key.obligationID, .string(obligationID)),
                            (NotificationQueued.Key.contactID, .string(contactID)), (NotificationQueued.Key.channel, .string(channel.rawValue)),
                            ("reason", .string(reason))])
        case let .closed(resolution):
            return .object([("resolution", .string(resolution))])
        case let .reopened(to, reason):
            return .object([("to", .string(to.rawValue)), ("reason", .string(reason))])
        case let .regimeApplied(applied):
            return applied.payload
        case let .milestoneMarked(marked):
            return marked.payload
        case let .obligationFiled(filed):
            return filed.payload
        case let .supplementRecorded(supplement):
            return supplement.payload
        case let .factsSet(facts):
            return facts.payload
        case let .obligationNowApplies(applies):
            return applies.payload
        case let .obligationWithdrawn(withdrawn):
            return withdrawn.payload
        }
    }

    /// Decodes a payload already upcast to the current schema version.
    public init(type: String, payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: type, payload: payload)
        switch type {
        case "incident.detected":
            self = .detected(title: try reader.string("title"), kind: try reader.string("kind"),
                             severity: try reader.enumeration("severity"), summary: try reader.optionalString("summary"))
        case "incident.stage_advanced":
            self = .stageAdvanced(from: try reader.enumeration("from"), to: try reader.enumeration("to"),
                                  reason: try reader.optionalString("reason"), forced: payload["forced"]?.boolValue ?? false)
        case "incident.checklist_item_checked":
            self = .checklistItemChecked(stage: try reader.enumeration("stage"), item: try reader.string("item"))
        case "incident.declared":
            var snapshots: [ObligationSnapshot] = []
            for snapshot in payload["obligations"]?.arrayValue ?? [] { snapshots.append(try ObligationSnapshot(payload: snapshot)) }
            self = .declared(awareAt: try reader.time("aware_at"), reason: try reader.optionalString("reason"), obligations: snapshots)
        case "incident.materiality_determined":
            self = .materialityDetermined(at: try reader.time("determined_at"))
        case "incident.note_added":
            self = .noteAdded(text: try reader.string("text"))
        case "incident.assigned":
            self = .assigned(assignee: try reader.string("assignee"))
        case "incident.contact_linked":
            self = .contactLinked(contactID: try reader.string("contact_id"))
        case "obligation.waived":
            self = .obligationWaived(obligationID: try reader.string("obligation_id"), reason: try reader.string("reason"))
        case "obligation.deadline_warning":
            self = .deadlineWarning(obligationID: try reader.string("obligation_id"),
                                    thresholdSeconds: try reader.int("threshold_seconds"), dueAt: try reader.time("due_at"))
        case "obligation.deadline_missed":
            self = .deadlineMissed(obligationID: try reader.string("obligation_id"), dueAt: try reader.time("due_at"))
        case "notification.queued": self = .notificationQueued(try NotificationQueued(payload: payload))
        case "notification.attempted": self = .notificationAttempted(try DeliveryAttempt(type: type, payload: payload))
        case "notification.delivered": self = .notificationDelivered(try DeliveryAttempt(type: type, payload: payload))
        case "notification.failed": self = .notificationFailed(try DeliveryAttempt(type: type, payload: payload))
        case "notification.cancelled":
            self = .notificationCancelled(notificationID: try reader.string(NotificationQueued.Key.notificationID),
                                          obligationID: try reader.string(NotificationQueued.Key.obligationID),
                                          contactID: try reader.string(NotificationQueued.Key.contactID),
                                          channel: try reader.enumeration(NotificationQueued.Key.channel), reason: try reader.string("reason"))
        case "incident.closed":
            self = .closed(resolution: try reader.string("resolution"))
        case "incident.reopened":
            self = .reopened(to: try reader.enumeration("to"), reason: try reader.string("reason"))
        case RegimeApplied.type: self = .regimeApplied(try RegimeApplied(payload: payload))
        case MilestoneMarked.type: self = .milestoneMarked(try MilestoneMarked(payload: payload))
        case ObligationFiled.type: self = .obligationFiled(try ObligationFiled(payload: payload))
        case SupplementRecorded.type: self = .supplementRecorded(try SupplementRecorded(payload: payload))
        case FactsSet.type: self = .factsSet(try FactsSet(payload: payload))
        case ObligationNowApplies.type: self = .obligationNowApplies(try ObligationNowApplies(payload: payload))
        case ObligationWithdrawn.type: self = .obligationWithdrawn(try ObligationWithdrawn(payload: payload))
        default:
            throw EventDecodingError(type: type, reason: "unknown event type (written by a newer breach?)")
        }
    }
}

/// An event as it sits in the log: what happened, when (effective time), and who did it.
public struct RecordedIncidentEvent: Sendable, Equatable {
    public let event: IncidentEvent
    public let effectiveAt: Date
    public let actor: String

    public init(_ event: IncidentEvent, at effectiveAt: Date, by actor: String) {
        self.event = event
        self.effectiveAt = effectiveAt
        self.actor = actor
    }
}

/// A stored payload that does not match its type's schema.
public struct EventDecodingError: Error, Equatable, CustomStringConvertible {
    public let type: String
    public let reason: String
    public var description: String { "cannot decode \(type) event: \(reason)" }
}

/// Typed field access with errors that name the event type and the field.
struct PayloadReader {
    let type: String
    let payload: JSONValue

    func string(_ key: String) throws(EventDecodingError) -> String {
        guard let value = payload[key]?.stringValue else { throw missing(key) }
        return value
    }

    func optionalString(_ key: String) throws(EventDecodingError) -> String? {
        guard let value = payload[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw missing(key) }
        return text
    }

    func int(_ key: String) throws(EventDecodingError) -> Int {
        guard let value = payload[key]?.intValue else { throw missing(key) }
        return value
    }

    func optionalInt(_ key: String) throws(EventDecodingError) -> Int? {
        guard let value = payload[key], !value.isNull else { return nil }
        guard let number = value.intValue else { throw missing(key) }
        return number
    }

    func optionalTime(_ key: String) throws(EventDecodingError) -> Date? {
        guard let value = payload[key], !value.isNull else { return nil }
        guard let text = value.stringValue, let date = RFC3339.parse(text) else { throw missing(key) }
        return date
    }

    func time(_ key: String) throws(EventDecodingError) -> Date {
        guard let text = payload[key]?.stringValue, let date = RFC3339.parse(text) else { throw missing(key) }
        return date
    }

    func enumeration<T: RawRepresentable>(_ key: String) throws(EventDecodingError) -> T where T.RawValue == String {
        guard let text = payload[key]?.stringValue, let value = T(rawValue: text) else { throw missing(key) }
        return value
    }

    private func missing(_ key: String) -> EventDecodingError {
        EventDecodingError(type: type, reason: "field '\(key)' is missing or malformed")
    }
}

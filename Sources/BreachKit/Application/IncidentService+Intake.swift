import BreachDomain
import Crypto
import Foundation

/// An alert from monitoring, as `POST /api/v1/alerts` or an Alertmanager webhook delivers it.
public struct AlertIntake: Sendable {
    public var title: String
    public var severity: Severity
    public var kind: String
    public var summary: String?
    /// Alerts with the same fingerprint belong to one incident while it is open.
    public var fingerprint: String?
    /// When monitoring saw the problem: the incident's detection time, the legal awareness anchor.
    public var observedAt: Date?

    public init(title: String, severity: Severity, kind: String, summary: String?, fingerprint: String?, observedAt: Date?) {
        self.title = title
        self.severity = severity
        self.kind = kind
        self.summary = summary
        self.fingerprint = fingerprint
        self.observedAt = observedAt
    }

    /// Longest fingerprint accepted: Alertmanager's are 16 hex digits; other senders' are short keys too.
    public static let maxFingerprintLength = 256
    /// How far in the future an alert's `observed_at` may lie (clock skew between hosts), in seconds.
    public static let futureTolerance: TimeInterval = 300
}

/// What intake did with one alert.
public struct IntakeOutcome: Sendable {
    public let incident: Incident
    /// True when the alert opened a new incident; false when an open one with its fingerprint was reused.
    public let created: Bool
}

extension IncidentService {
    /// Opens an incident for `alert`, or returns the open incident its fingerprint already opened.
    ///
    /// The look-up and the detection are one unit of work, so any number of concurrent alerts with one
    /// fingerprint open one incident. The fingerprint's link is an event on its own `audit:intake:` stream
    /// (named by the fingerprint's SHA-256), which makes the look-up one indexed read on every backend.
    public func intake(_ alert: AlertIntake) throws -> IntakeOutcome {
        try rulesProvider?.validateKind(alert.kind)
        let now = clock.now()
        let detectedAt = alert.observedAt ?? now
        if detectedAt.timeIntervalSince(now) > AlertIntake.futureTolerance {
            throw BreachError.invalidInput("observed_at \(RFC3339.format(detectedAt)) is in the future; send the time monitoring saw the problem, in UTC")
        }
        let fingerprint = try alert.fingerprint.map {
            try TextRules.line($0, field: "fingerprint", maxLength: AlertIntake.maxFingerprintLength)
        }
        let events = try Incident.decide(.detect(title: alert.title, kind: alert.kind, severity: alert.severity, summary: alert.summary),
                                         state: nil, now: detectedAt)
        return try store.write { unit in
            var linkVersion = 0
            let stream = fingerprint.map { AlertFingerprintLink.stream(fingerprintDigest: Self.digest($0)) }
            if let stream {
                let links = try unit.events(of: stream)
                linkVersion = links.last?.version ?? 0
                if let id = try links.last.map(Self.link)?.incidentID {
                    let existing = try Self.load(id, from: unit)
                    if existing.stage != .closed { return IntakeOutcome(incident: existing, created: false) }
                }
            }
            let id = IncidentID.make(try unit.nextIncidentNumber())
            let incident = try self.append(events, to: id, state: nil, at: detectedAt, in: unit)
            if let stream, let fingerprint {
                let event = AuditEvent.alertOpened(AlertFingerprintLink(fingerprint: fingerprint, incidentID: id))
                _ = try unit.append([NewEvent(type: event.type, payload: event.payload, effectiveAt: detectedAt, actor: actor)],
                                    to: stream, expectedVersion: linkVersion, recordedAt: wallClock.now())
            }
            return IntakeOutcome(incident: incident, created: true)
        }
    }

    /// The incident an alert fingerprint last opened, or nil when intake has never seen it.
    public func incidentID(forFingerprint fingerprint: String) throws -> String? {
        let stream = AlertFingerprintLink.stream(fingerprintDigest: Self.digest(fingerprint))
        return try store.read { reader in try reader.events(of: stream).last.map(Self.link)?.incidentID }
    }

    /// Stream names stay short and of one form whatever a sender puts in a fingerprint.
    static func digest(_ fingerprint: String) -> String {
        EventHasher.hex(SHA256.hash(data: Data(fingerprint.utf8)))
    }

    private static func link(_ stored: StoredEvent) throws -> AlertFingerprintLink {
        guard case let .alertOpened(link)? = try? AuditEvent(type: stored.type, payload: try JSONValue.parse(stored.payload)) else {
            throw BreachError(.database, "event \(stored.sequence) of \(stored.stream) is not a fingerprint link; run `breach verify`")
        }
        return link
    }
}

import BreachDomain
import BreachKit
import Foundation
import Hummingbird

/// Alert intake: `POST /api/v1/alerts` and `POST /api/v1/alerts/alertmanager` (scope `intake`).
enum IntakeRoutes {
    static func register(on api: RouterGroup<ServerContext>, _ env: ServerEnvironment) {
        api.post("alerts") { request, context in
            // Authenticated before the body is read: a stranger's megabyte is not parsed.
            try await env.api(request, context, needs: .intake) { _, _ in }
            let alert = try AlertPayload.parse(try await RequestBodies.jsonObject(request), defaultKind: env.defaultKind)
            let outcome = try await env.api(request, context, needs: .intake) { service, _ in
                try Self.validateKind(alert.kind, service)
                let outcome = try service.intake(alert)
                return (IncidentDocument.json(outcome.incident, now: service.clock.now()), outcome.created, outcome.incident.id)
            }
            return Responses.json(outcome.0, status: outcome.1 ? .created : .ok,
                                  headers: [.location: "/api/v1/incidents/\(outcome.2)"])
        }
        api.post("alerts/alertmanager") { request, context in
            try await env.api(request, context, needs: .intake) { _, _ in }
            let payload = try AlertmanagerPayload(try await RequestBodies.jsonObject(request))
            let intakes = try payload.alerts.map { alert -> AlertIntake? in
                guard alert.status == "firing" else { return nil }
                return try payload.intake(alert, defaultKind: env.defaultKind)
            }
            let results = try await env.api(request, context, needs: .intake) { (service, _) -> [JSONValue] in
                // Every alert is checked before the first is recorded: a bad one in a batch writes nothing.
                let now = service.clock.now()
                for intake in intakes.compactMap({ $0 }) {
                    try Self.validateKind(intake.kind, service)
                    if let startsAt = intake.observedAt, startsAt.timeIntervalSince(now) > AlertIntake.futureTolerance {
                        throw APIError.badRequest("startsAt \(RFC3339.format(startsAt)) of alert \(intake.fingerprint ?? "") is in the future; check the clock of the Prometheus host")
                    }
                }
                return try zip(payload.alerts, intakes).map { alert, intake in
                    try Self.record(alert, intake, service)
                }
            }
            return Responses.json(.object([("alerts", .array(results))]))
        }
    }

    /// Opens or reuses the incident of a firing alert; notes a resolved one on its incident, never closing it.
    private static func record(_ alert: AlertmanagerPayload.Alert, _ intake: AlertIntake?, _ service: IncidentService) throws -> JSONValue {
        var fields: [(String, JSONValue)] = [("fingerprint", .string(alert.fingerprint)), ("status", .string(alert.status))]
        if let intake {
            let outcome = try service.intake(intake)
            fields += [("incident_id", .string(outcome.incident.id)), ("result", .string(outcome.created ? "created" : "existing"))]
        } else if let id = try service.incidentID(forFingerprint: alert.fingerprint) {
            let ended = alert.endsAt.map(RFC3339.format) ?? RFC3339.format(service.clock.now())
            // A resolved alert is evidence, not a decision: closing stays with a person (obligations may be open).
            try service.execute(.note("Alertmanager: alert \(AlertmanagerPayload.oneLine(alert.name)) (fingerprint \(alert.fingerprint)) resolved at \(ended)"), on: id)
            fields += [("incident_id", .string(id)), ("result", .string("noted"))]
        } else {
            fields += [("incident_id", .null), ("result", .string("unknown_fingerprint"))]
        }
        return .object(fields)
    }

    /// An unknown playbook is the sender's mistake (400), not a missing resource (404).
    private static func validateKind(_ kind: String, _ service: IncidentService) throws {
        do {
            try service.rulesProvider?.validateKind(kind)
        } catch let error as BreachError where error.code == .notFound {
            throw APIError.badRequest(error.message, code: "unknown_kind")
        }
    }
}

import BreachDomain
import BreachKit
import Foundation
import Hummingbird

/// `/healthz` and `/api/v1`: the same JSON and CSV the CLI prints, and the OpenAPI document.
enum APIRoutes {
    static func register(on router: Router<ServerContext>, _ env: ServerEnvironment) {
        router.get("/healthz") { _, _ in
            // Answers only when the database does: a load balancer should stop sending work otherwise.
            let head = try await env.runner.run { store in try store.read { try $0.head() } }
            return Responses.json(.object([("status", .string("ok")), ("head_sequence", .int(head.sequence))]))
        }
        let api = router.group("/api/v1")
        api.get("openapi.yaml") { _, _ in
            Responses.text(OpenAPIDocument.yaml, contentType: "application/yaml; charset=utf-8")
        }
        api.get("incidents") { request, context in
            let filter = IncidentFilter(openOnly: try Self.flag("open", in: request))
            let documents = try await env.api(request, context, needs: .read) { service, _ in try service.listDocuments(filter) }
            return Responses.json(.array(documents))
        }
        api.get("incidents/:id") { request, context in
            let id = try IncidentID.parse(context.parameters.require("id"))
            let now = env.clock.now()
            let body = try await env.apiReading(request, context, needs: .read, cached: { count in
                env.documents.bodyIfUnchanged(id, changeCount: count, now: now)
            }) { reader, _, count in
                try env.documents.body(id, in: reader, now: now, changeCount: count)
            }
            return Responses.json(body)
        }
        api.get("reports/sla.csv") { request, context in
            let window = try Self.window(request)
            let csv = try await env.api(request, context, needs: .read) { service, _ in
                let output = StringOutput()
                try service.slaReport(window, format: .csv, to: output)
                return output.text
            }
            return Responses.download(csv, contentType: "text/csv; charset=utf-8", filename: "breach-sla.csv")
        }
        IntakeRoutes.register(on: api, env)
    }

    /// A boolean query parameter: absent is false; anything but `true`/`false` is refused.
    static func flag(_ name: String, in request: Request) throws -> Bool {
        guard let value = request.uri.queryParameters.get(name) else { return false }
        switch value {
        case "true": return true
        case "false": return false
        default: throw APIError.badRequest("query parameter \(name) must be true or false, not '\(TextRules.printable(String(value.prefix(64))))'")
        }
    }

    /// The report window of `?since=&until=` (`report sla --since/--until`).
    static func window(_ request: Request) throws -> ReportWindow {
        let query = request.uri.queryParameters
        return try ReportWindow.parse(since: query.get("since"), until: query.get("until"))
    }
}

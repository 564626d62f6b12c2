import BreachTestSupport
import Foundation
import Testing

/// The OpenAPI document stays true: schemathesis runs it against a live server, and every documented
/// operation answers.
@Suite("breach serve: OpenAPI")
struct ServerOpenAPITests {
    @Test("schemathesis against the document and the live server: no 5xx, responses match the schema")
    func schemathesis() throws {
        let cli = try BreachCLI()
        let id = try cli.detect("Leaked S3 bucket")
        try cli.succeed("declare", id)
        let token = try ServerHarness.token(cli, "fuzz", scope: "write")
        // Real clock: generated alerts carry real observed_at times, which a fixed --now would call future.
        let server = try ServerHarness(cli: cli, now: nil)
        let output = try cli.execute(URL(fileURLWithPath: "/usr/bin/env"), [
            "python3", "-m", "schemathesis.cli", "run", "\(server.baseURL)/api/v1/openapi.yaml",
            "--url", server.baseURL, "-H", "Authorization: Bearer \(token)",
            "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
            "--max-examples", "40", "--seed", "1", "--no-color",
        ], environment: ["SCHEMATHESIS_HOOKS": ""])
        #expect(output.status == 0, "\(output.stdout.suffix(6000)) \(output.stderr.suffix(3000))")
        #expect(!server.stderr.contains("http.status=500"), "a request failed inside the server")
        #expect(try cli.run("verify").status == 0)
        #expect(server.stop() == 0)
    }

    @Test("every path in the document answers something other than 404 from the live server")
    func documentedPathsExist() throws {
        let cli = try BreachCLI()
        let server = try ServerHarness(cli: cli)
        let document = try server.request("GET", "/api/v1/openapi.yaml")
        #expect(document.headers["content-type"]?.hasPrefix("application/yaml") == true)
        let paths = document.body.split(separator: "\n").filter { $0.hasPrefix("  /") && $0.hasSuffix(":") }
            .map { $0.trimmingCharacters(in: .whitespaces).dropLast() }
        #expect(Set(paths) == ["/healthz", "/api/v1/openapi.yaml", "/api/v1/incidents", "/api/v1/incidents/{id}",
                               "/api/v1/reports/sla.csv", "/api/v1/alerts", "/api/v1/alerts/alertmanager"])
        for path in paths {
            let concrete = String(path).replacingOccurrences(of: "{id}", with: "INC-1")
            let method = concrete.hasPrefix("/api/v1/alerts") ? "POST" : "GET"
            let reply = try server.request(method, concrete)
            #expect(reply.status != 404 || concrete == "/api/v1/incidents/INC-1", "\(path): \(reply)")
            #expect(reply.status < 500, "\(path): \(reply)")
        }
        #expect(server.stop() == 0)
    }
}

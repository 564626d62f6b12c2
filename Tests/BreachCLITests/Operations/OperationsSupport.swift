import BreachTestSupport
import Foundation
import Testing

/// Reads a metrics file with the `prometheus-client` package's own parser (`text_string_to_metric_families`),
/// as a Prometheus-compatible consumer would, and returns every sample as (name, labels, value).
struct ParsedMetrics {
    struct Sample {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    let samples: [Sample]
    /// family name → type, as the parser read the `# TYPE` lines.
    let types: [String: String]

    static let script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        text = open(sys.argv[1], encoding="utf-8").read()
        families = list(text_string_to_metric_families(text))
        print(json.dumps({
            "types": {f.name: f.type for f in families},
            "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for f in families for s in f.samples],
        }))
        """

    init(file path: String, cli: BreachCLI, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let output = try cli.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.script, path], environment: [:])
        try #require(output.status == 0, "prometheus_client could not parse \(path): \(output)", sourceLocation: sourceLocation)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        types = document["types"] as? [String: String] ?? [:]
        samples = (document["samples"] as? [[String: Any]] ?? []).map {
            Sample(name: $0["name"] as? String ?? "", labels: $0["labels"] as? [String: String] ?? [:],
                   value: ($0["value"] as? NSNumber)?.doubleValue ?? .nan)
        }
    }

    /// The value of the one sample `name` with exactly `labels`, or nil.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }
}

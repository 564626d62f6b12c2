import Foundation

/// One metric family of the Prometheus text exposition format (version 0.0.4): a name, its help, its
/// type and its samples.
public struct MetricFamily: Sendable, Equatable {
    /// The two types breach exposes.
    public enum Kind: String, Sendable {
        case gauge, counter
    }

    /// One sample: label pairs (in order) and a value.
    public struct Sample: Sendable, Equatable {
        public var labels: [Label]
        public var value: Double
        public init(_ labels: [Label] = [], _ value: Double) {
            self.labels = labels
            self.value = value
        }
    }

    /// A label name and value.
    public struct Label: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The metric name; a counter's ends in `_total`.
    public var name: String
    public var help: String
    public var kind: Kind
    public var samples: [Sample]

    public init(_ name: String, help: String, kind: Kind = .gauge, samples: [Sample]) {
        self.name = name
        self.help = help
        self.kind = kind
        self.samples = samples
    }
}

/// Renders metric families as the Prometheus text exposition format that node_exporter's textfile
/// collector and a `/metrics` endpoint serve (`Content-Type: text/plain; version=0.0.4`).
public enum PrometheusExposition {
    /// The content type of the rendered text.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// `# HELP`, `# TYPE` and the samples of each family, in the order given; a family without samples
    /// keeps its HELP and TYPE lines so that scrapers see it is known but currently absent.
    public static func render(_ families: [MetricFamily]) -> String {
        var text = ""
        for family in families {
            text += "# HELP \(family.name) \(escapedHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                text += family.name
                if !sample.labels.isEmpty {
                    text += "{" + sample.labels.map { "\($0.name)=\"\(escapedLabelValue($0.value))\"" }.joined(separator: ",") + "}"
                }
                text += " \(format(sample.value))\n"
            }
        }
        return text
    }

    /// A sample value: integers without a fraction, `+Inf`, `-Inf` and `NaN` as the format spells them.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Label values escape `\`, `"` and line feeds.
    static func escapedLabelValue(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Help text escapes `\` and line feeds.
    static func escapedHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// Brings stored payloads written by older schema versions up to today's, one step at a time.
///
/// Old events are never rewritten in the log (that would break the hash chain); they are upcast
/// every time they are read. Each step is a pure function from version N to N+1.
public enum EventUpcaster {
    /// Upcasts `payload` of `type` from `schemaVersion` to the current version.
    public static func upcast(type: String, schemaVersion: Int, payload: JSONValue) throws(EventDecodingError) -> JSONValue {
        let current = IncidentEvent.currentSchemaVersion(of: type)
        guard schemaVersion <= current else {
            throw EventDecodingError(type: type, reason: "schema version \(schemaVersion) is newer than this breach understands (\(current)); upgrade breach")
        }
        var payload = payload
        var version = schemaVersion
        while version < current {
            payload = try step(type: type, from: version, payload: payload)
            version += 1
        }
        return payload
    }

    private static func step(type: String, from version: Int, payload: JSONValue) throws(EventDecodingError) -> JSONValue {
        switch (type, version) {
        case ("incident.detected", 1):
            // v1 (the prototype) called the title `name`, capitalised severities and had no summary.
            guard let name = payload["name"]?.stringValue else {
                throw EventDecodingError(type: type, reason: "v1 payload has no 'name'")
            }
            let severity = payload["severity"]?.stringValue?.lowercased() ?? "medium"
            return .object([("title", .string(name)), ("kind", payload["kind"] ?? .string("data-breach")),
                            ("severity", .string(severity)), ("summary", .null)])
        default:
            throw EventDecodingError(type: type, reason: "no upcaster from schema version \(version)")
        }
    }
}

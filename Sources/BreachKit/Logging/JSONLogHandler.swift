import BreachDomain
import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line: `time`, `level`, `message`, `logger`, then
/// the metadata keys in alphabetical order (`incident.id`, `notification.id`, `outcome`, …).
///
/// Callers log fixed messages and put the data in metadata, never a secret, token, URL or message body.
/// As a second line of defence, a metadata key that names a secret (containing `secret`, `token`,
/// `password`, `authorization`, `cookie` or `body`) has its value replaced by `[redacted]`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let clock: any BreachClock
    let sink: @Sendable (String) -> Void

    /// A handler labelled `label` that stamps records with `clock` (the real clock: log times are when
    /// things happened, not `--now`) and hands each line, with its newline, to `sink` (stderr by default).
    public init(label: String, clock: any BreachClock = SystemClock(),
                sink: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.clock = clock
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        sink(Self.line(time: clock.now(), level: event.level, message: event.message.description, label: label, metadata: merged))
    }

    /// The JSON line of one record.
    static func line(time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata) -> String {
        var fields: [(String, JSONValue)] = [
            ("time", .string(RFC3339.formatMillis(time))), ("level", .string(level.rawValue)),
            ("message", .string(message)), ("logger", .string(label)),
        ]
        for key in metadata.keys.sorted() where !["time", "level", "message", "logger"].contains(key) {
            fields.append((key, isSensitive(key) ? .string("[redacted]") : json(metadata[key]!)))
        }
        return JSONValue.object(fields).serialized() + "\n"
    }

    static func isSensitive(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["secret", "token", "password", "authorization", "cookie", "body"].contains { lowered.contains($0) }
    }

    /// Numbers and booleans stay JSON numbers and booleans; everything else is a string.
    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case let .string(text): return .string(text)
        case let .stringConvertible(convertible):
            switch convertible {
            case let number as Int: return .int(Int64(number))
            case let number as Int64: return .int(number)
            case let number as Double: return number.isFinite ? .double(number) : .string(String(describing: number))
            case let flag as Bool: return .bool(flag)
            default: return .string(convertible.description)
            }
        case let .array(items): return .array(items.map(json))
        case let .dictionary(entries): return .object(entries.keys.sorted().map { ($0, json(entries[$0]!)) })
        }
    }
}

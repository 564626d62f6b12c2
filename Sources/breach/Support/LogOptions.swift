import ArgumentParser
import BreachKit
import Foundation
import Logging

/// `--log-format text|json` for the commands that run unattended (`check`, `notify`, later `serve`).
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log-format"),
            help: ArgumentHelp("text (default: the human lines) or json (one JSON object per line on stderr); default $BREACH_LOG_FORMAT, else text.",
                               valueName: "format"))
    var logFormat: String?

    /// Resolves the format and, for json, installs the JSON handler and routes every stderr line through it.
    ///
    /// Returns the command's logger: silent in text mode, whose output stays the human lines it always was.
    func bootstrap(command: String, environment: [String: String]) throws -> (format: LogFormat, logger: Logger) {
        let format = try LogFormat.resolve(flag: logFormat, environment: environment)
        guard format == .json else { return (format, .silent) }
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        var logger = Logger(label: "breach")
        logger[metadataKey: LogKey.command] = "\(command)"
        let routed = logger
        // Lines written the usual way (warnings, the final `breach: …` error) become records too, so that
        // stderr stays one JSON object per line.
        StandardError.structured = { line in
            if line.hasPrefix("warning: ") {
                routed.warning("warning", metadata: ["detail": "\(line.dropFirst("warning: ".count))"])
            } else {
                routed.error("command failed", metadata: [LogKey.error: "\(line.hasPrefix("breach: ") ? String(line.dropFirst(8)) : line)"])
            }
        }
        return (format, logger)
    }
}

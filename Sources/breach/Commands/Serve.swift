import ArgumentParser
import BreachKit
import BreachServer
import Dispatch
import Foundation
import Logging

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON API, alert intake and the dashboard over this database.",
        discussion: HelpText.discussion("""
            Requests need a token (`breach token create`), except /healthz. Prints
            "listening on http://HOST:PORT" once it accepts connections (port 0 picks a
            free one), one access-log line per request on stderr (never tokens or
            bodies), and stops on SIGTERM or SIGINT after finishing the requests in
            flight. Put a TLS reverse proxy in front of it (docs/server.md).
            """, examples: [
                "breach serve",
                "breach serve --listen 127.0.0.1:9090 --log-format json",
            ])
    )
    @Option(help: ArgumentHelp("Address and port to listen on (default 127.0.0.1:8080; [::1]:8080 for IPv6).", valueName: "host:port"))
    var listen = "127.0.0.1:8080"
    @Option(help: ArgumentHelp("The playbook of alerts that name none.", valueName: "playbook"), completion: Completions.playbook)
    var defaultKind = "data-breach"
    @Option(help: ArgumentHelp("Store calls run at once, each on its own connection (1–64).", valueName: "n"))
    var storeThreads = 4
    @OptionGroup var logOptions: LogOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let (host, port) = try ListenAddress.parse(listen)
        guard (1...64).contains(storeThreads) else {
            throw BreachError.invalidInput("--store-threads \(storeThreads) is out of range; use 1 to 64")
        }
        let logger = try Self.logger(logOptions, environment: context.environment)
        let rules = LazyRulesProvider { CatalogRulesProvider(catalog: try context.playbooks()) }
        // A typo in the default playbook fails now, not at the first alert.
        try rules.validateKind(defaultKind)
        let server = BreachServer(settings: .init(host: host, port: port, database: context.databasePath, storeThreads: storeThreads,
                                                  defaultKind: defaultKind, clock: context.clock, rulesProvider: rules),
                                  logger: logger)
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run { address in
                    // Written at once (not through print's buffer): scripts wait for this line.
                    FileHandle.standardOutput.write(Data("listening on http://\(address)\n".utf8))
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw Self.explain(error, listen: listen) }
    }

    /// Access log and server messages: human lines on stderr, or one JSON object per line.
    static func logger(_ options: LogOptions, environment: [String: String]) throws -> Logger {
        let format = try LogFormat.resolve(flag: options.logFormat, environment: environment)
        LoggingSystem.bootstrap { label in
            format == .json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        var logger = Logger(label: "breach.serve")
        logger[metadataKey: LogKey.command] = "serve"
        return logger
    }

    /// A bind failure in words a person can act on; other errors as they are.
    static func explain(_ error: any Error, listen: String) -> any Error {
        if error is BreachError { return error }
        let text = "\(error)"
        if text.localizedCaseInsensitiveContains("address already in use") || text.contains("EADDRINUSE") {
            return BreachError.refused("cannot listen on \(listen): the address is in use; stop the other server or pick another --listen port")
        }
        return BreachError(.internalError, "the server stopped: \(text)", cause: error)
    }
}

/// What the server task ended with, handed back to the command's thread.
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}

/// `--listen HOST:PORT` (IPv6 in brackets).
enum ListenAddress {
    static func parse(_ text: String) throws -> (host: String, port: Int) {
        let refusal = BreachError.invalidInput("--listen '\(TextRules.printable(text))' is not HOST:PORT; use e.g. 127.0.0.1:8080 or [::1]:8080")
        let host: String, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { throw refusal }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw refusal }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace }), let port = Int(portText), (0...65_535).contains(port) else { throw refusal }
        return (host, port)
    }
}

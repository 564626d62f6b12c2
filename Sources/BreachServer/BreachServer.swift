import BreachDomain
import BreachKit
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `breach serve`: the JSON API, alert intake and the dashboard over one database.
///
/// Runs until SIGTERM or SIGINT; then stops accepting connections, lets the requests in flight finish,
/// and returns.
public struct BreachServer: Sendable {
    /// Where and how to serve.
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        /// The `--db` location: a SQLite path (or, once that backend lands, a PostgreSQL URI).
        public var database: String
        /// How many store calls may run at once (and how many store connections are opened).
        public var storeThreads: Int
        /// The playbook of alerts that name none.
        public var defaultKind: String
        public var clock: any BreachClock
        public var rulesProvider: (any IncidentRulesProvider)?

        public init(host: String, port: Int, database: String, storeThreads: Int, defaultKind: String,
                    clock: any BreachClock, rulesProvider: (any IncidentRulesProvider)?) {
            self.host = host
            self.port = port
            self.database = database
            self.storeThreads = storeThreads
            self.defaultKind = defaultKind
            self.clock = clock
            self.rulesProvider = rulesProvider
        }
    }

    public let settings: Settings
    public let logger: Logger

    public init(settings: Settings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Serves until a shutdown signal. `onListening` hears the bound address (with the real port when
    /// `port` is 0) once connections are accepted.
    public func run(onListening: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let runner = try StoreRunner(location: settings.database, threads: settings.storeThreads)
        for warning in runner.openingWarnings { logger.warning("database", metadata: ["warning": "\(warning)"]) }
        let incidents = IncidentCache()
        let env = ServerEnvironment(runner: runner, authenticator: TokenAuthenticator(), sessions: SessionStore(),
                                    clock: settings.clock, rulesProvider: settings.rulesProvider, defaultKind: settings.defaultKind,
                                    incidents: incidents, documents: IncidentDocumentCache(incidents: incidents))
        let router = Router(context: ServerContext.self)
        router.add(middleware: AccessLogMiddleware(logger: logger))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        APIRoutes.register(on: router, env)
        DashboardRoutes.register(on: router, env)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                let address = channel.localAddress.map { address in
                    "\(address.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? settings.host):\(address.port ?? settings.port)"
                } ?? "\(settings.host):\(settings.port)"
                onListening(address)
            },
            logger: logger
        )
        do {
            try await app.runService()
        } catch {
            try? await runner.shutdown()
            throw error
        }
        // The server has drained its requests; the store threads finish the jobs they hold.
        try await runner.shutdown()
    }
}

import BreachKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resolves the global options into an opened database and an application service.
struct CommandContext {
    let options: GlobalOptions
    let environment: [String: String]
    let clock: any BreachClock
    let actor: String
    let databasePath: String
    /// Whether human output may use colour and a progress line.
    let terminal: Terminal
    /// The configuration file, read when first needed and only once (the outbox and the playbooks both ask).
    private let loadedConfiguration: Once<BreachConfiguration>

    init(_ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.options = options
        self.environment = environment
        terminal = Terminal.current(environment: environment)
        loadedConfiguration = Once { try BreachConfiguration.load(explicitPath: options.config, environment: environment) }
        if let text = options.now ?? environment["BREACH_NOW"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let instant = RFC3339.parse(text) else {
                let source = options.now != nil ? "--now" : "$BREACH_NOW"
                throw BreachError.invalidInput("\(source) '\(TextRules.printable(text))' is not an RFC 3339 time; use e.g. 2026-11-28T09:12:00Z")
            }
            clock = FixedClock(instant)
        } else {
            clock = SystemClock()
        }
        let rawActor = options.actor ?? environment["BREACH_ACTOR"].flatMap({ $0.isEmpty ? nil : $0 }) ?? Self.loginName(environment)
        actor = try TextRules.line(rawActor, field: "actor", maxLength: TextRules.maxNameLength)
        databasePath = options.db ?? environment["BREACH_DB"].flatMap({ $0.isEmpty ? nil : $0 }) ?? "breach.db"
    }

    /// Opens the database; read-only commands refuse to create a missing one.
    func service(creating: Bool = true) throws -> IncidentService {
        if !creating && !BreachStores.isServer(databasePath) && !FileManager.default.fileExists(atPath: databasePath) {
            throw BreachError.notFound("no database at \(databasePath); start with `breach detect` or point --db / $BREACH_DB at one")
        }
        let store = try BreachStores.open(databasePath)
        for warning in store.openingWarnings { StandardError.write("breach: warning: \(warning)") }
        let service = IncidentService(store: store, clock: clock, actor: try eventActor(on: store))
        // Loaded when a command first needs rules: reading commands start without parsing any YAML.
        service.rulesProvider = LazyRulesProvider { CatalogRulesProvider(catalog: try self.playbooks()) }
        return service
    }

    /// The actor of this command's events: on PostgreSQL the login role, which the database records
    /// itself; `--actor` / `$BREACH_ACTOR` naming anyone else there is refused rather than ignored.
    private func eventActor(on store: any BreachStore) throws -> String {
        guard let login = (store as? PostgresStore)?.sessionUser else { return actor }
        let requested = options.actor ?? environment["BREACH_ACTOR"].flatMap { $0.isEmpty ? nil : $0 }
        if let requested, requested != login {
            let source = options.actor != nil ? "--actor" : "$BREACH_ACTOR"
            throw BreachError.invalidInput("\(source) '\(TextRules.printable(requested))' is not the database login \(login); on PostgreSQL the actor is the login role — drop \(source) or log in as that role")
        }
        return login
    }

    /// The configuration file (`--config`, `$BREACH_CONFIG`, `./breach.yml`), or defaults.
    func configuration() throws -> BreachConfiguration {
        try loadedConfiguration.get()
    }

    /// The playbooks folder this command would read, if any (without reading it).
    func playbooksDirectory() throws -> URL? {
        Self.playbooksDirectory(configured: try configuration().playbooksDirectory, environment: environment)
    }

    /// The playbook catalog from the configured folder or the installation's `Playbooks/`.
    func playbooks() throws -> PlaybookCatalog {
        let configured = try configuration().playbooksDirectory
        guard let directory = Self.playbooksDirectory(configured: configured, environment: environment) else {
            return PlaybookCatalog(playbooks: [])
        }
        do {
            return try PlaybookCatalog.load(directory: directory)
        } catch {
            throw BreachError(.invalidFile, "cannot load playbooks from \(directory.path): \(error)", cause: error)
        }
    }

    /// Where the playbooks are, by `PlaybookCatalog.locateDirectory`'s rules, for this executable.
    static func playbooksDirectory(configured: String?, environment: [String: String]) -> URL? {
        PlaybookCatalog.locateDirectory(
            configured: configured, environment: environment,
            executablePath: CommandLine.arguments[0].contains("/") ? CommandLine.arguments[0] : (Bundle.main.executablePath ?? CommandLine.arguments[0]),
            currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// How this command shows times to a person (`--local`).
    var times: TimeDisplay { options.times }

    private static func loginName(_ environment: [String: String]) -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
    }
}

/// Writes to standard error (warnings and errors never go to stdout).
enum StandardError {
    /// Set by `--log-format json`: each line becomes one JSON log record instead of plain text.
    nonisolated(unsafe) static var structured: ((String) -> Void)?

    static func write(_ line: String) {
        if let structured { structured(line); return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Parses user-typed values into domain values with messages that say what to type instead.
///
/// Values from a fixed set (stages, severities, formats) are parsed by ArgumentParser instead
/// (`EnumeratedArgument`); times stay here, as their flag is part of the message.
enum ArgumentValues {
    static func time(_ text: String, flag: String) throws -> Date {
        guard let date = RFC3339.parse(text) else {
            throw BreachError.invalidInput("\(flag) '\(TextRules.printable(text))' is not an RFC 3339 time; use e.g. 2026-11-28T09:12:00Z")
        }
        return date
    }
}

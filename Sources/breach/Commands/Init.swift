import ArgumentParser
import BreachKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `breach init`: a commented starter `breach.yml` and a new database, for the first five minutes.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter breach.yml and create the database.",
        discussion: HelpText.discussion("""
            Writes <dir>/breach.yml (SMTP, sender, password variable, escalation
            contacts, playbooks folder; every setting explained) and creates
            <dir>/breach.db, or the files --config and --db name. Never overwrites:
            if either exists, nothing is written. Then prints what to run next.

            With --db postgresql://…, run as the database owner: creates breach's
            schema in that (empty) database and the group roles breach_responder,
            breach_checker, breach_compliance and breach_admin with their grants
            (roles that exist are reused); breach.yml is written only if missing.
            Running it again is harmless.
            """, examples: ["breach init", "breach init --dir /var/lib/breach",
                            "breach init --db postgresql://breach_owner@db.example/breach"], exitStatuses: [
                (ExitStatus.refused, "breach.yml or the database already exists (nothing written)"),
                (ExitStatus.unavailable, "the PostgreSQL server cannot be reached"),
                (ExitStatus.permission, "the login or a right (CREATE, CREATEROLE) was refused"),
            ])
    )

    @Option(help: ArgumentHelp("The folder for breach.yml and breach.db (default: the current one).", valueName: "dir"),
            completion: .directory) var dir: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        if let db = global.db, BreachStores.isServer(db) { return try initialiseServer(db) }
        let folder = URL(fileURLWithPath: dir ?? ".", isDirectory: true).standardizedFileURL
        let configPath = global.config ?? folder.appendingPathComponent("breach.yml").path
        let databasePath = global.db ?? folder.appendingPathComponent("breach.db").path
        for path in [configPath, databasePath] where Self.exists(path) {
            throw BreachError.refused("\(path) already exists; breach init never overwrites — edit it, or choose another --dir")
        }
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw BreachError.notFound("no folder \(folder.path); create it first (mkdir -p \(folder.path))")
        }
        let playbooks = CommandContext.playbooksDirectory(configured: nil, environment: ProcessInfo.processInfo.environment)
        try Self.createExclusively(configPath, contents: StarterConfiguration.text(playbooksDirectory: playbooks?.path))
        do {
            _ = try BreachStores.open(databasePath)
        } catch {
            // Leave nothing half-made: the next `breach init` must not be refused because of this one.
            unlink(configPath)
            throw error
        }
        if global.json {
            Printer.json(.object([("config", .string(configPath)), ("database", .string(databasePath)),
                                  ("playbooks", .optional(playbooks?.path))]))
            return
        }
        print(Self.nextSteps(configPath: configPath, databasePath: databasePath, folder: folder,
                             environment: ProcessInfo.processInfo.environment))
    }

    /// `init --db postgresql://…`: the schema, roles and grants, and a starter breach.yml if there is none.
    private func initialiseServer(_ uri: String) throws {
        let folder = URL(fileURLWithPath: dir ?? ".", isDirectory: true).standardizedFileURL
        let configPath = global.config ?? folder.appendingPathComponent("breach.yml").path
        let store = try BreachStores.initialise(uri)
        var wroteConfig = false
        if !Self.exists(configPath) && FileManager.default.fileExists(atPath: folder.path) {
            let playbooks = CommandContext.playbooksDirectory(configured: nil, environment: ProcessInfo.processInfo.environment)
            try Self.createExclusively(configPath, contents: StarterConfiguration.text(playbooksDirectory: playbooks?.path))
            wroteConfig = true
        }
        if global.json {
            Printer.json(.object([("config", wroteConfig ? .string(configPath) : .null), ("database", .string(store.location)),
                                  ("backend", .string(store.backendName))]))
            return
        }
        print("""
            \(wroteConfig ? "created \(configPath)\n" : "")initialised \(store.location): breach schema, roles breach_responder, breach_checker, breach_compliance, breach_admin

            Next, as the database owner, give each person a login and a job:
              CREATE ROLE alice LOGIN PASSWORD '…'; GRANT breach_responder TO alice;
              CREATE ROLE cron_checker LOGIN; GRANT breach_checker TO cron_checker;
            """)
    }

    /// What was made, and the three commands to run next (with --db/--config when not run from that folder).
    static func nextSteps(configPath: String, databasePath: String, folder: URL, environment: [String: String]) -> String {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true).standardizedFileURL
        func found(_ variable: String, default name: String) -> String {
            URL(fileURLWithPath: environment[variable].flatMap { $0.isEmpty ? nil : $0 } ?? name, relativeTo: here).standardizedFileURL.path
        }
        // Plain commands find both files only if they are where breach looks by default from here.
        let standard = found("BREACH_CONFIG", default: "breach.yml") == URL(fileURLWithPath: configPath).standardizedFileURL.path
            && found("BREACH_DB", default: "breach.db") == URL(fileURLWithPath: databasePath).standardizedFileURL.path
        let flags = standard ? "" : " --db \(databasePath) --config \(configPath)"
        return """
            created \(configPath) (email stays off until you fill in smtp:)
            created \(databasePath)

            Next:
              breach contact import contacts.csv\(flags)
              breach detect "Leaked S3 bucket" --kind data-breach --severity high\(flags)
              breach check --dry-run\(flags)
            """
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates `path` with `contents` (mode 0600), failing if it appeared meanwhile.
    private static func createExclusively(_ path: String, contents: String) throws {
        let descriptor = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw BreachError.refused("\(path) already exists; breach init never overwrites — edit it, or choose another --dir") }
            throw BreachError(.invalidFile, "cannot write \(path): \(String(cString: strerror(errno))); check that the folder is writable")
        }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw BreachError(.internalError, "cannot write \(path): \(reason)")
            }
            offset += written
        }
    }
}

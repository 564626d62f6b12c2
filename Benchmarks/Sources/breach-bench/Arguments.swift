import BreachKit
import Foundation

/// `--name value` pairs after a subcommand name; unknown names are refused so typos do not pass silently.
struct Arguments {
    let command: String
    private var values: [String: String] = [:]

    init(_ argv: [String]) {
        command = argv.first ?? ""
        var index = 1
        while index + 1 < argv.count {
            values[String(argv[index].drop(while: { $0 == "-" }))] = argv[index + 1]
            index += 2
        }
    }

    mutating func string(_ name: String) -> String? { values.removeValue(forKey: name) }

    mutating func required(_ name: String) throws -> String {
        guard let value = string(name) else { throw BreachError.invalidInput("--\(name) is required") }
        return value
    }

    mutating func int(_ name: String, default value: Int) throws -> Int {
        guard let text = string(name) else { return value }
        guard let number = Int(text) else { throw BreachError.invalidInput("--\(name) needs a whole number, not '\(text)'") }
        return number
    }

    mutating func time(_ name: String, default value: Date) throws -> Date {
        guard let text = string(name) else { return value }
        guard let date = RFC3339.parse(text) else { throw BreachError.invalidInput("--\(name) needs an RFC 3339 time, not '\(text)'") }
        return date
    }

    /// Refuses any option no subcommand read.
    func finish() throws {
        if let name = values.keys.sorted().first { throw BreachError.invalidInput("unknown option --\(name)") }
    }
}

/// Helpers shared by the subcommands.
enum Bench {
    static func playbook(_ directory: String, id: String = "data-breach") throws -> Playbook {
        try PlaybookLoader.load(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("\(id).yml"))
    }

    /// A service on `path` (a SQLite file or a PostgreSQL URI); on PostgreSQL it acts as its login, the
    /// only actor that backend records.
    static func openService(_ path: String, now: Date) throws -> IncidentService {
        let store = try BreachStores.open(path)
        return IncidentService(store: store, clock: FixedClock(now), actor: (store as? PostgresStore)?.sessionUser ?? "bench")
    }

    /// Drops and creates database `name` on the PostgreSQL server at socket folder `host`, port `port`
    /// (with `psql`, as `postgres`), initialises breach's schema in it and returns its URI.
    static func freshPostgresDatabase(_ name: String, host: String, port: String) throws -> String {
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = ["-X", "-q", "-h", host, "-p", port, "-U", "postgres", "-d", "postgres",
                          "-c", "DROP DATABASE IF EXISTS \(name)", "-c", "CREATE DATABASE \(name)"]
        try psql.run()
        psql.waitUntilExit()
        guard psql.terminationStatus == 0 else { throw BreachError.invalidInput("psql could not re-create database \(name)") }
        let uri = "postgresql:///\(name)?host=\(host)&port=\(port)&user=postgres"
        _ = try BreachStores.initialise(uri)
        return uri
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func print(_ fields: [(String, JSONValue)]) {
        Swift.print(JSONValue.object(fields).serialized())
    }
}

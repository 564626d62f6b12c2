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

    static func openService(_ path: String, now: Date) throws -> IncidentService {
        IncidentService(store: try SQLiteStore.open(path: path), clock: FixedClock(now), actor: "bench")
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

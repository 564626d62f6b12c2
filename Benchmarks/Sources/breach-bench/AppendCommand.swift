import BreachDatasets
import BreachKit
import Foundation

/// `append`: times appending the same in-memory histories through the real API, on a fresh database
/// per run — once through one unit of work of the store (`unit.append`: hash chain, one transaction) and once through
/// `IncidentService.appendBatch` (the same plus every read model).
///
/// With `--pg-host DIR --pg-port P` the store run goes to a fresh PostgreSQL database `bench_append` on that
/// server instead (dropped and created by `psql` before each run), as its login: the log records the
/// login as every event's actor there, so the histories' actors are replaced by it. The service run is
/// SQLite's only.
///
/// `--writers N` (PostgreSQL only) times concurrent writers instead: N threads, each with its own
/// connection, share the histories and append each incident in a unit of work of its own (one
/// transaction per incident, as commands do), so the writer lock is taken once per incident.
struct AppendCommand {
    let directory: String
    let playbook: Playbook
    let events: Int
    let runs: Int
    let postgres: (host: String, port: String)?
    let writers: Int?

    init(_ arguments: inout Arguments) throws {
        directory = try arguments.required("dir")
        playbook = try Bench.playbook(try arguments.required("playbooks"))
        events = try arguments.int("events", default: 100_000)
        runs = try arguments.int("runs", default: 5)
        if let host = arguments.string("pg-host") {
            postgres = (host, try arguments.required("pg-port"))
        } else {
            postgres = nil
        }
        let writers = try arguments.int("writers", default: 0)
        guard writers == 0 || (postgres != nil && writers > 0) else {
            throw BreachError.invalidInput("--writers needs --pg-host and a positive count")
        }
        self.writers = writers == 0 ? nil : writers
        try arguments.finish()
    }

    func run() throws {
        let generator = DatasetGenerator(playbook: playbook, options: DatasetGenerator.Options(incidents: 0))
        var histories: [IncidentAppend] = []
        var total = 0
        while total < events {
            let next = try generator.histories((histories.count + 1)..<(histories.count + 101))
            for history in next where total < events {
                histories.append(history)
                total += history.events.count
            }
        }
        var storeSeconds: [Double] = [], serviceSeconds: [Double] = []
        let now = Date()
        for _ in 0..<runs {
            let storePath: String
            if let postgres {
                storePath = try Bench.freshPostgresDatabase("bench_append", host: postgres.host, port: postgres.port)
            } else {
                storePath = directory + "/append-store.db"
                Bench.removeDatabase(storePath)
            }
            let store = try Bench.openService(storePath, now: now)
            let batches = histories.map { history in
                (history.incidentID, history.events.map {
                    NewEvent(type: $0.event.type, payload: $0.event.payload, effectiveAt: $0.effectiveAt,
                             actor: postgres == nil ? $0.actor : store.actor)
                })
            }
            if let writers {
                storeSeconds.append(try concurrently(writers, batches, uri: storePath, now: now))
                continue
            }
            storeSeconds.append(try Bench.seconds {
                // One unit of work: its appends share one appender, which carries the chain head along.
                try store.store.write { unit in
                    for (stream, events) in batches {
                        _ = try unit.append(events, to: stream, expectedVersion: 0, recordedAt: now)
                    }
                }
            })
            guard postgres == nil else { continue }
            let servicePath = directory + "/append-service.db"
            Bench.removeDatabase(servicePath)
            let service = try Bench.openService(servicePath, now: now)
            try generator.registerContacts(with: service)
            serviceSeconds.append(try Bench.seconds { try service.appendBatch(histories) })
        }
        Bench.print([("events", .int(Int64(total))), ("incidents", .int(Int64(histories.count))), ("writers", .int(Int64(writers ?? 1))),
                     ("store_seconds", .array(storeSeconds.map(JSONValue.double))),
                     ("service_seconds", .array(serviceSeconds.map(JSONValue.double)))])
    }

    /// Seconds for `writers` threads, each on its own connection, to append `batches` between them, one
    /// unit of work per incident; the connections are opened before the clock starts.
    private func concurrently(_ writers: Int, _ batches: [(String, [NewEvent])], uri: String, now: Date) throws -> Double {
        let stores = try (0..<writers).map { _ in try BreachStores.open(uri) }
        let failures = Failures()
        let seconds = try Bench.seconds {
            DispatchQueue.concurrentPerform(iterations: writers) { writer in
                do {
                    for index in stride(from: writer, to: batches.count, by: writers) {
                        let (stream, events) = batches[index]
                        _ = try stores[writer].write { unit in try unit.append(events, to: stream, expectedVersion: 0, recordedAt: now) }
                    }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        if let failure = failures.first { throw BreachError.invalidInput("a concurrent writer failed: \(failure)") }
        return seconds
    }
}

/// Errors of concurrent writers, kept for after they finish.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ item: String) { lock.withLock { items.append(item) } }
    var first: String? { lock.withLock { items.first } }
}

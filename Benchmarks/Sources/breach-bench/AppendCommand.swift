import BreachDatasets
import BreachKit
import Foundation

/// `append`: times appending the same in-memory histories through the real API, on a fresh database
/// per run — once through one unit of work of the store (`unit.append`: hash chain, one transaction) and once through
/// `IncidentService.appendBatch` (the same plus every read model).
struct AppendCommand {
    let directory: String
    let playbook: Playbook
    let events: Int
    let runs: Int

    init(_ arguments: inout Arguments) throws {
        directory = try arguments.required("dir")
        playbook = try Bench.playbook(try arguments.required("playbooks"))
        events = try arguments.int("events", default: 100_000)
        runs = try arguments.int("runs", default: 5)
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
            let storePath = directory + "/append-store.db"
            Bench.removeDatabase(storePath)
            let store = try Bench.openService(storePath, now: now)
            storeSeconds.append(try Bench.seconds {
                // One unit of work: its appends share one appender, which carries the chain head along.
                try store.store.write { unit in
                    for history in histories {
                        try unit.append(history.events.map(NewEvent.init), to: history.incidentID, expectedVersion: 0, recordedAt: now)
                    }
                }
            })
            let servicePath = directory + "/append-service.db"
            Bench.removeDatabase(servicePath)
            let service = try Bench.openService(servicePath, now: now)
            try generator.registerContacts(with: service)
            serviceSeconds.append(try Bench.seconds { try service.appendBatch(histories) })
        }
        Bench.print([("events", .int(Int64(total))), ("incidents", .int(Int64(histories.count))),
                     ("store_seconds", .array(storeSeconds.map(JSONValue.double))),
                     ("service_seconds", .array(serviceSeconds.map(JSONValue.double)))])
    }
}

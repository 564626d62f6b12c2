import Benchmark
import BreachDatasets
import BreachKit
import Foundation

// In-process paths of breach, measured with ordo-one/benchmark (wall clock, CPU, allocations):
// `swift package --package-path Benchmarks benchmark`. Data sets come from the deterministic
// `DatasetGenerator` and are built before measurement starts, in a temporary directory.

/// The data-breach playbook of this checkout.
private func playbook() throws -> Playbook {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    return try PlaybookLoader.load(contentsOf: root.appendingPathComponent("Playbooks/data-breach.yml"))
}

private func freshService() throws -> IncidentService {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("breach-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return IncidentService(store: try SQLiteStore.open(path: directory.appendingPathComponent("bench.db").path),
                           clock: FixedClock(Date()), actor: "bench")
}

/// Mixed histories of at least `events` events, in memory.
private func histories(events: Int) throws -> [IncidentAppend] {
    let generator = DatasetGenerator(playbook: try playbook(), options: DatasetGenerator.Options(incidents: 0))
    var result: [IncidentAppend] = []
    var total = 0
    while total < events {
        let next = try generator.histories((result.count + 1)..<(result.count + 51))
        result += next
        total += next.reduce(0) { $0 + $1.events.count }
    }
    return result
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                           timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 10)
    let eventCount = 10_000

    Benchmark("append 10k events, hash chain (one unit of work)") { benchmark in
        let batch = try histories(events: eventCount)
        let service = try freshService()
        let now = Date()
        benchmark.startMeasurement()
        try service.store.write { unit in
            for history in batch {
                try unit.append(history.events.map(NewEvent.init), to: history.incidentID, expectedVersion: 0, recordedAt: now)
            }
        }
        benchmark.stopMeasurement()
    }

    Benchmark("append 10k events with read models (IncidentService.appendBatch)") { benchmark in
        let batch = try histories(events: eventCount)
        let service = try freshService()
        try DatasetGenerator(playbook: try playbook(), options: DatasetGenerator.Options(incidents: 0)).registerContacts(with: service)
        benchmark.startMeasurement()
        blackHole(try service.appendBatch(batch))
        benchmark.stopMeasurement()
    }

    Benchmark("rebuild 10k events (Projector.rebuild)") { benchmark in
        let service = try freshService()
        try DatasetGenerator(playbook: try playbook(), options: DatasetGenerator.Options(incidents: 0)).registerContacts(with: service)
        try service.appendBatch(try histories(events: eventCount))
        benchmark.startMeasurement()
        blackHole(try service.rebuild())
        benchmark.stopMeasurement()
    }

    Benchmark("fold 1k declared incidents (decode + evolve)") { benchmark in
        let service = try freshService()
        let options = DatasetGenerator.Options(incidents: 1000, declaredShare: 1.0)
        try DatasetGenerator(playbook: try playbook(), options: options).write(to: service)
        benchmark.startMeasurement()
        for number in 1...1000 { blackHole(try service.load(IncidentID.make(number))) }
        benchmark.stopMeasurement()
    }
}

import BreachDatasets
import BreachKit
import Foundation

/// `generate`: writes a deterministic data set into a database through the real store API.
struct GenerateCommand {
    let path: String
    let options: DatasetGenerator.Options
    let playbook: Playbook

    init(_ arguments: inout Arguments) throws {
        path = try arguments.required("db")
        playbook = try Bench.playbook(try arguments.required("playbooks"))
        let incidents = try arguments.int("incidents", default: 1000)
        let start = try arguments.time("start", default: RFC3339.parse("2026-03-01T12:00:00Z")!)
        let scenario: DatasetGenerator.Scenario
        switch arguments.string("scenario") ?? "mixed" {
        case "mixed":
            scenario = .mixed
        case "open-declared":
            scenario = .openDeclared(dueWarnings: try arguments.int("due", default: 0))
        case "queued-webhooks":
            let url = try arguments.required("url")
            scenario = .queuedNotifications(contacts: (1...(try arguments.int("contacts", default: 10))).map {
                Contact(id: "hook-\($0)", name: "Receiver \($0)", role: "customer-admin", webhookURL: url,
                        webhookSecretRef: "env:BREACH_BENCH_SECRET")
            })
        case "queued-emails":
            scenario = .queuedNotifications(contacts: (1...(try arguments.int("contacts", default: 10))).map {
                Contact(id: "mail-\($0)", name: "Recipient \($0)", role: "customer-admin", email: "admin\($0)@customer.example")
            })
        case let other:
            throw BreachError.invalidInput("unknown --scenario \(other)")
        }
        options = DatasetGenerator.Options(scenario: scenario, incidents: incidents,
                                           seed: UInt64(try arguments.int("seed", default: 2026)),
                                           start: scenario.isMixed ? Date(timeIntervalSince1970: 1_735_689_600) : start)
        try arguments.finish()
    }

    func run() throws {
        Bench.removeDatabase(path)
        let service = try Bench.openService(path, now: options.start)
        var summary = DatasetGenerator.Summary()
        let seconds = try Bench.seconds { summary = try DatasetGenerator(playbook: playbook, options: options).write(to: service) }
        Bench.print([("db", .string(path)), ("incidents", .int(Int64(summary.incidents))), ("events", .int(Int64(summary.events))),
                     ("declared", .int(Int64(summary.declared))), ("seconds", .double(seconds))])
    }
}

extension DatasetGenerator.Scenario {
    var isMixed: Bool { if case .mixed = self { true } else { false } }
}

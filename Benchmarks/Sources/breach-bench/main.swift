import BreachKit
import Foundation

// breach-bench: the data-set generator and the timed in-process runs of `scripts/bench`.
// Every subcommand prints one JSON object on stdout; `scripts/bench` reads it with python3.
let usage = """
    usage: breach-bench generate --db PATH --playbooks DIR [--scenario mixed|open-declared|queued-webhooks|queued-emails]
                                 [--incidents N] [--due N] [--start RFC3339] [--url URL] [--contacts N] [--seed N]
           breach-bench append   --dir DIR --playbooks DIR [--events N] [--runs N] [--pg-host SOCKETDIR --pg-port P [--writers N]]
           breach-bench pg-database --name NAME --pg-host SOCKETDIR --pg-port P
           breach-bench webhooks --url URL [--count N] [--runs N] [--secret S] [--curl-config FILE]
    """

do {
    var arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.command {
    case "generate": try GenerateCommand(&arguments).run()
    case "append": try AppendCommand(&arguments).run()
    case "webhooks": try WebhooksCommand(&arguments).run()
    case "pg-database":
        // A fresh, initialised breach database on a PostgreSQL server (for the psql limit runs).
        let name = try arguments.required("name"), host = try arguments.required("pg-host"), port = try arguments.required("pg-port")
        try arguments.finish()
        Bench.print([("uri", .string(try Bench.freshPostgresDatabase(name, host: host, port: port)))])
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("breach-bench: \((error as? BreachError)?.message ?? "\(error)")\n".utf8))
    exit(1)
}

import BreachKit
import Foundation

// breach-bench: the data-set generator and the timed in-process runs of `scripts/bench`.
// Every subcommand prints one JSON object on stdout; `scripts/bench` reads it with python3.
let usage = """
    usage: breach-bench generate --db PATH --playbooks DIR [--scenario mixed|open-declared|queued-webhooks|queued-emails]
                                 [--incidents N] [--due N] [--start RFC3339] [--url URL] [--contacts N] [--seed N]
           breach-bench append   --dir DIR --playbooks DIR [--events N] [--runs N]
           breach-bench webhooks --url URL [--count N] [--runs N] [--secret S] [--curl-config FILE]
    """

do {
    var arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.command {
    case "generate": try GenerateCommand(&arguments).run()
    case "append": try AppendCommand(&arguments).run()
    case "webhooks": try WebhooksCommand(&arguments).run()
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("breach-bench: \((error as? BreachError)?.message ?? "\(error)")\n".utf8))
    exit(1)
}

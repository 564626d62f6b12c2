import ArgumentParser
import BreachKit
import Foundation

/// Flags every command shares: where the database is, what time it is, who is acting, how to print.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite file path or postgresql:// URI (default: $BREACH_DB, else ./breach.db).",
                                              valueName: "path-or-uri"),
            completion: .file(extensions: ["db", "sqlite", "sqlite3"]))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Effective time, RFC 3339 UTC, for drills and backfills (default: $BREACH_NOW, else the clock).", valueName: "time"))
    var now: String?

    @Option(name: .long, help: ArgumentHelp("Who is acting (default: $BREACH_ACTOR, else the login name).", valueName: "name"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: $BREACH_CONFIG, else ./breach.yml if present).", valueName: "path"),
            completion: .file(extensions: ["yml", "yaml"]))
    var config: String?

    @Flag(name: .long, help: "Print one JSON document on stdout.")
    var json = false

    @Flag(name: .long, help: "Show times in the local time zone ($TZ) instead of UTC (human output only; JSON and CSV stay UTC).")
    var local = false

    /// How this command shows times to a person.
    var times: TimeDisplay { TimeDisplay(local: local) }
}

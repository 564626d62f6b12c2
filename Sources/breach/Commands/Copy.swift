import ArgumentParser
import BreachKit
import Foundation

/// `breach copy --from SRC --to DST`: moves a team between SQLite and PostgreSQL with the log intact.
struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the whole event log between databases (SQLite ↔ PostgreSQL), hashes intact.",
        discussion: HelpText.discussion("""
            Copies every event with its sequence number, actor, times and hash into
            a target that holds no events (a freshly initialised database counts
            as empty; a PostgreSQL target gets its schema if it has none), then
            rebuilds the target's read models. All or nothing. Afterwards `breach
            verify` reports the same head_hash on both. Copying into PostgreSQL keeps
            the original actors, so it needs a breach_admin (or owner) login.
            """, examples: ["breach copy --from breach.db --to postgresql://admin@db.example/breach",
                            "breach copy --from postgresql://admin@db.example/breach --to evidence.db"], exitStatuses: [
                (ExitStatus.refused, "the target already holds events (nothing written)"),
                (ExitStatus.integrityFailure, "an event of the source does not verify (nothing written)"),
                (ExitStatus.unavailable, "a PostgreSQL server cannot be reached"),
                (ExitStatus.permission, "the login or a right was refused"),
            ])
    )

    @Option(help: ArgumentHelp("The database to copy from: a SQLite file or a postgresql:// URI.", valueName: "db")) var from: String
    @Option(help: ArgumentHelp("The database to copy into (must hold no events).", valueName: "db")) var to: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        if !BreachStores.isServer(from) && !FileManager.default.fileExists(atPath: from) {
            throw BreachError.notFound("no database at \(TextRules.printable(from)); give --from an existing SQLite file or a postgresql:// URI")
        }
        let source = try BreachStores.open(from)
        let target = try BreachStores.initialise(to)
        let result = try ProgressLine.run("copying events") { progress in
            try LogCopier.copy(from: source, to: target) { copied, total in progress.update("\(copied) of \(total) events") }
        }
        if global.json {
            Printer.json(.object([("events", .int(Int64(result.events))), ("incidents", .int(Int64(result.incidents))),
                                  ("head_sequence", .int(result.head.sequence)), ("head_hash", .string(result.head.hash)),
                                  ("from", .string(source.location)), ("to", .string(target.location))]))
        } else {
            print("copied \(result.events) events (\(result.incidents) incidents) from \(source.location) to \(target.location); head #\(result.head.sequence) \(result.head.hash)")
        }
    }
}

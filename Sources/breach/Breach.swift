import ArgumentParser
import BreachKit
import Foundation

@main
struct Breach: ParsableCommand {
    // Every command names itself (`commandName:`): deriving a name from the type costs a full scan of
    // the binary's protocol conformances per command at every start — a third of a `breach list`.
    static let configuration = CommandConfiguration(
        commandName: "breach",
        abstract: "Breach notification and incident response tracker.",
        discussion: """
            Incidents move through five stages: detect -> assess -> diagnose ->
            stabilize -> closed. Declaring an incident (data was exposed) starts the
            notification clocks of its playbook, e.g. 72 h to tell the authority.

            Every command takes --db, --now, --actor, --config and --local, and
            --json where it prints something. `breach help <command>` shows one.
            Shell completion: breach --generate-completion-script bash|zsh|fish

            Examples:
              breach init
              breach detect "Leaked S3 bucket" --kind data-breach --severity high
              breach declare INC-1 --aware-at 2026-11-28T09:12:00Z
              breach check            (the cron job)

            Exit status (docs/exit-codes.md):
              0 ok; 1 internal error; 2 check: an obligation is overdue;
              3 check: the checker could not work; 4 verify: the log diverges;
              64 usage; 65 unusable input file; 66 not found; 67 refused;
              73 database unusable; 75 concurrent change, re-run
            """,
        subcommands: [
            Init.self, Detect.self, Advance.self, CheckItem.self, Declare.self, Determine.self, Note.self, Assign.self,
            Waive.self, Close.self, Reopen.self, Show.self, List.self, Timeline.self, Affect.self, ContactCommand.self,
            Notify.self, Check.self, Doctor.self, PlaybookCommand.self, Report.self, Export.self, Verify.self, Rebuild.self,
            CheckpointCommand.self, Apply.self, Mark.self, FileCommand.self, Facts.self, Copy.self, Serve.self, TokenCommand.self,
        ]
    )

    /// `breach` alone: a short overview instead of the full help.
    func run() throws {
        print(Overview.text(Terminal.current()))
    }

    /// Runs the command; every failure becomes one line on stderr and a documented exit status.
    static func main() {
        do {
            try RawArguments.requireUTF8()
            try RawArguments.requireBounded()
            var command = try parseAsRoot()
            try command.run()
        } catch let error as BreachError {
            StandardError.write("breach: \(error.message)")
            Foundation.exit(ExitStatus.code(for: error))
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)
            }
            if let refusal = RefusedArgument.message(forParserMessage: Breach.message(for: error)) {
                StandardError.write("breach: \(refusal)")
                Foundation.exit(ExitStatus.usage)
            }
            let message = Breach.message(for: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "invalid arguments"
            if let hint = DashHint.hint(for: message, arguments: Array(CommandLine.arguments.dropFirst())) {
                StandardError.write("breach: \(message): \(hint)")
                Foundation.exit(ExitStatus.usage)
            }
            StandardError.write("breach: \(message) (see `breach help`)")
            Foundation.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
        }
    }
}

/// Prints a JSON document or human text, as `--json` asks.
enum Printer {
    static func json(_ value: JSONValue) {
        print(value.prettySerialized())
    }
}

import ArgumentParser
import BreachKit

extension PlaybookCommand {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Validate a playbook file or folder; every error with file, line and what is wrong.",
            discussion: HelpText.discussion("Run it before deploying a playbook change.",
                                            examples: ["breach playbook validate Playbooks/", "breach playbook validate Playbooks/data-breach.yml"],
                                            exitStatuses: [(ExitStatus.invalidFile, "a playbook is invalid (every error on stderr)")])
        )
        @Argument(help: "A playbook file or a folder of them.", completion: .file(extensions: ["yml", "yaml"])) var path: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let errors = PlaybookValidator.validate(path: path)
            if global.json {
                Printer.json(.object([("valid", .bool(errors.isEmpty)), ("errors", .array(errors.map { .string($0.description) }))]))
            } else if errors.isEmpty {
                print("\(path): valid")
                // A year ahead: a calendar running out is refused at declaration, so say so before it matters.
                let context = try CommandContext(global)
                let horizon = Int(RFC3339.format(context.clock.now().addingTimeInterval(365 * 86_400)).prefix(4)) ?? 0
                for warning in PlaybookValidator.coverageWarnings(path: path, horizonYear: horizon) { StandardError.write(warning) }
            }
            if !errors.isEmpty {
                if !global.json { for error in errors { StandardError.write(error.description) } }
                throw ExitCode(ExitStatus.invalidFile)
            }
        }
    }
}

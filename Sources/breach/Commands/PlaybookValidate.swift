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
            }
            if !errors.isEmpty {
                if !global.json { for error in errors { StandardError.write(error.description) } }
                throw ExitCode(ExitStatus.invalidFile)
            }
        }
    }
}

import ArgumentParser
import BreachKit

extension ContactCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import contacts from CSV: every row valid, or nothing imported.",
            discussion: HelpText.discussion("""
                Header row: \(ContactCSVImport.columns.joined(separator: ","))
                id, name and role are required; tags are separated by ';'.
                """, examples: ["breach contact import Fixtures/demo/contacts.csv"], exitStatuses: [
                    (ExitStatus.invalidFile, "the file cannot be read or a row is invalid (nothing imported)"),
                    (ExitStatus.refused, "a contact id already exists (nothing imported)"),
                ])
        )
        @Argument(help: "CSV file.", completion: .file(extensions: ["csv"])) var file: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let added = try ProgressLine.run("importing contacts from \(file)") { progress in
                let contacts = try ContactCSVImport.parse(path: file)
                progress.update("\(contacts.count) rows read")
                return try ContactCommand.registry(context).add(contacts)
            }
            if global.json { Printer.json(.array(added.map(ContactCommand.document))) } else { print("imported \(added.count) contacts") }
        }
    }
}

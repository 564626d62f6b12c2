import ArgumentParser
import BreachKit

extension ContactCommand {
    struct ListContacts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List contacts as a table: id, role, name, channels, tags.",
            discussion: HelpText.discussion(examples: ["breach contact list --role authority", "breach contact list --tag customer:acme --json"])
        )
        @Option(help: "Only this role.") var role: String?
        @Option(help: "Only contacts with this tag.") var tag: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            let contacts = try ContactCommand.registry(context, creating: false).list(role: role, tag: tag)
            if global.json { Printer.json(.array(contacts.map(ContactCommand.document))); return }
            if contacts.isEmpty { StandardError.write("no contacts match"); return }
            print(TextTable.render(header: ["ID", "ROLE", "NAME", "CHANNELS", "TAGS"], rows: contacts.map {
                [$0.id, $0.role, $0.name, $0.channels.map(\.rawValue).joined(separator: ","), $0.tags.joined(separator: " ")]
            }))
        }
    }
}

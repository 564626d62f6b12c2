import ArgumentParser
import BreachKit

extension TokenCommand {
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a token: requests carrying it are refused (401) from the next request on.",
            discussion: HelpText.discussion("Dashboard sessions signed in with it end too.",
                                            examples: ["breach token revoke grafana"],
                                            exitStatuses: [(ExitStatus.notFound, "no token has this name")])
        )
        @Argument(help: "The token's name.") var name: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try CommandContext(global)
            try TokenCommand.registry(context, creating: false).revoke(name: name)
            print("revoked token \(name)")
        }
    }
}

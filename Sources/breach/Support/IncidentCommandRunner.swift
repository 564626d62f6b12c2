import BreachKit

/// Runs one incident command and prints the result the same way for all the small commands.
enum IncidentCommandRunner {
    static func run(_ global: GlobalOptions, id: String, _ makeCommand: (CommandContext) throws -> IncidentCommand,
                    message: (Incident) -> String) throws {
        let context = try CommandContext(global)
        let id = try IncidentID.parse(id)
        let command = try makeCommand(context)
        let incident = try context.service(creating: false).execute(command, on: id)
        if global.json {
            Printer.json(IncidentDocument.json(incident, now: context.clock.now()))
        } else {
            print(message(incident))
        }
    }
}

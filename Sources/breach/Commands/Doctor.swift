import ArgumentParser
import BreachKit
import Foundation

/// `breach doctor`: the configuration checked end to end (see `ConfigurationDoctor`).
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration end to end: playbooks, escalation, secrets, SMTP, calendars.",
        discussion: HelpText.discussion("""
            Prints one line per check that passes ("ok") and one per problem
            ("PROBLEM"), each naming the fix. Contacts the SMTP server (NOOP) but
            sends nothing and writes nothing. Run it after every change to
            breach.yml, the playbooks or the contacts, and from monitoring.
            """, examples: ["breach doctor", "breach doctor --json --config /etc/breach/breach.yml"], exitStatuses: [
                (ExitStatus.checkerFailed, "at least one problem was found (one line each)"),
                (ExitStatus.invalidFile, "breach.yml cannot be read at all"),
            ])
    )
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        let configuration = try context.configuration()
        // Contacts come from the database when there is one; doctor never creates it.
        var contacts: [Contact] = []
        if BreachStores.isServer(context.databasePath) || FileManager.default.fileExists(atPath: context.databasePath) {
            let service = try context.service(creating: false)
            contacts = try ContactRegistry(store: service.store, clock: context.clock, actor: service.actor).list()
        }
        let directory = CommandContext.playbooksDirectory(configured: configuration.playbooksDirectory, environment: context.environment)
        let doctor = ConfigurationDoctor(configuration: configuration, environment: context.environment, contacts: contacts,
                                         playbooksDirectory: directory, now: context.clock.now())
        let report = doctor.run()
        if global.json {
            func items(_ findings: [ConfigurationDoctor.Finding]) -> JSONValue {
                .array(findings.map { .object([("area", .string($0.area)), ("message", .string($0.message))]) })
            }
            Printer.json(.object([("ok", .bool(report.problems.isEmpty)), ("passed", items(report.passed)), ("problems", items(report.problems))]))
        } else {
            for finding in report.passed { print("ok       \(finding.area): \(finding.message)") }
            for finding in report.problems { print("PROBLEM  \(finding.area): \(finding.message)") }
            print("doctor: \(report.problems.isEmpty ? "no problems" : "\(report.problems.count) problem(s)")")
        }
        if !report.problems.isEmpty { throw ExitCode(ExitStatus.checkerFailed) }
    }
}

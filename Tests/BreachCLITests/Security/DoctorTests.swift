import BreachTestSupport
import Foundation
import Testing

/// `breach doctor`: the configuration checked end to end, one line per problem, non-zero when any.
@Suite("Doctor: configuration checked end to end")
struct DoctorTests {
    typealias S = DeliveryScenario

    @Test func aHealthyConfigurationPassesEveryCheckIncludingSMTPNoop() throws {
        let s = try DeliveryScenario()
        let smtp = try TestServer(script: "smtp_server.py", directory: s.cli.directory, name: "smtp")
        try s.configure(smtp: ["url": "smtp://127.0.0.1:\(smtp.port)", "from": "breach@breach.example"])
        try s.addEscalationContact()
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok"))
        let before = try s.cli.fingerprint()
        let output = try s.cli.run("doctor")
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("ok       smtp: smtp://127.0.0.1:\(smtp.port) answered NOOP: 250"), "\(output)")
        for area in ["playbooks", "escalation", "secrets", "calendars"] {
            #expect(output.stdout.contains("ok       \(area):"), "\(area): \(output)")
        }
        #expect(output.stdout.hasSuffix("doctor: no problems\n"), "\(output)")
        // It sends and writes nothing
        #expect(smtp.log().isEmpty)
        #expect(try s.cli.fingerprint() == before)
        let json = try s.cli.run("doctor", "--json").object()
        #expect(json["ok"] as? Bool == true)
    }

    @Test func everyProblemGetsItsOwnLineAndStatus3() throws {
        let s = try DeliveryScenario()
        // An unknown escalation id, an email-only escalation contact without SMTP reachability, an unset secret,
        // an SMTP server nobody listens on, and a broken playbook next to the shipped one
        try s.configure(smtp: ["url": "smtp://127.0.0.1:1", "from": "breach@breach.example", "connect_timeout_seconds": "2"],
                        escalation: ["secops", "secopz"])
        try s.addEscalationContact()
        try s.addWebhookContact("acme-hook", role: "customer-admin", url: s.webhooks.url("/ok"), secret: "env:ACME_SECRET_UNSET")
        let playbooks = s.cli.directory.path("playbooks")
        try FileManager.default.createDirectory(atPath: playbooks, withIntermediateDirectories: true)
        try "id: broken\nobligations: [\n".write(toFile: playbooks + "/broken.yml", atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: s.cli.directory.path("breach.yml"), encoding: .utf8) + "playbooks: \(playbooks)\n"
        try config.write(toFile: s.cli.directory.path("breach.yml"), atomically: true, encoding: .utf8)
        let output = try s.cli.run("doctor")
        #expect(output.status == 3, "\(output)")
        let problems = output.stdout.split(separator: "\n").filter { $0.hasPrefix("PROBLEM") }
        #expect(problems.contains { $0.hasPrefix("PROBLEM  escalation: escalation id secopz names no contact") }, "\(output)")
        #expect(problems.contains { $0.hasPrefix("PROBLEM  secrets: contact acme-hook: webhook secret variable ACME_SECRET_UNSET") }, "\(output)")
        #expect(problems.contains { $0.hasPrefix("PROBLEM  smtp: smtp://127.0.0.1:1 did not accept NOOP") }, "\(output)")
        #expect(problems.contains { $0.hasPrefix("PROBLEM  playbooks:") && $0.contains("broken.yml") }, "\(output)")
        #expect(output.stdout.contains("doctor: \(problems.count) problem(s)"), "\(output)")
        let json = try s.cli.run("doctor", "--json")
        #expect(json.status == 3)
        #expect((try json.object()["problems"] as? [Any])?.count == problems.count)
    }

    @Test func anEscalationContactReachableOnlyByEmailWithoutSMTPIsAProblem() throws {
        let s = try DeliveryScenario()
        try s.configure()
        try s.addEmailContact("secops", role: "escalation", email: "secops@example.org")
        let output = try s.cli.run("doctor")
        #expect(output.status == 3, "\(output)")
        #expect(output.stdout.contains("PROBLEM  escalation: escalation contact secops has only email, and no SMTP transport is configured"), "\(output)")
    }

    @Test func aHolidayCalendarRunningOutWithinAYearIsAProblem() throws {
        let s = try DeliveryScenario()
        try s.configure()
        try s.addEscalationContact()
        // The shipped SEC playbook counts in calendars/us-federal.yml, which covers 2026–2028; in mid-2028 a year ahead is 2029.
        let output = try s.cli.run("doctor", now: "2028-06-01T00:00:00Z")
        #expect(output.status == 3, "\(output)")
        #expect(output.stdout.contains("PROBLEM  calendars: calendar us-federal (used by playbook sec-material-cyber) covers 2026–2028; add the holidays of 2029…2029"), "\(output)")
        #expect(try s.cli.run("doctor").stdout.contains("ok       calendars:"))
    }
}

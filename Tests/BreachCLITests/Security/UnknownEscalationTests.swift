import Foundation
import Testing

/// Issue 18: an escalation id that names no contact alerts nobody, so `check` says so, with status 3, every run.
@Suite("Check: unknown escalation contacts")
struct UnknownEscalationTests {
    typealias S = DeliveryScenario

    @Test func checkExits3OnEveryRunNamingTheUnknownIdAndStillListsOverdueIncidents() throws {
        let s = try DeliveryScenario()
        try s.configure(escalation: ["secops", "secopz"])
        try s.addEscalationContact()
        try s.declare(affecting: [])
        // Before anything is due: 3, naming the typo (not the known id)
        let early = try s.cli.run("check", now: S.at(1))
        #expect(early.status == 3, "\(early)")
        #expect(early.stderr.contains("secopz") && !early.stderr.contains("secops,"), "\(early)")
        // Again on the next run
        #expect(try s.cli.run("check", now: S.at(2)).status == 3)
        // Past due: 3 wins over 2, and the overdue incident is still listed on stdout, stderr and in JSON
        let late = try s.cli.run("check", now: S.at(80))
        #expect(late.status == 3, "\(late)")
        #expect(late.stdout.contains("overdue incidents: INC-1"), "\(late)")
        #expect(late.stderrLines.contains { $0.hasPrefix("breach: overdue: INC-1") }, "\(late)")
        #expect(late.stderrLines.contains { $0.contains("secopz") }, "\(late)")
        let json = try s.cli.run("check", "--json", now: S.at(81))
        #expect(json.status == 3)
        let object = try json.object()
        #expect(object["unknown_escalation_contacts"] as? [String] == ["secopz"])
        #expect(object["overdue_incidents"] as? [String] == ["INC-1"])
        // Once the contact exists, only the overdue status remains
        try s.addWebhookContact("secopz", role: "escalation", url: s.webhooks.url("/ok?to=secopz"))
        let fixed = try s.cli.run("check", now: S.at(82))
        #expect(fixed.status == 2, "\(fixed)")
        #expect(!fixed.stderr.contains("secopz"), "\(fixed)")
    }

    @Test func aRemovedEscalationContactIsReportedToo() throws {
        let s = try DeliveryScenario()
        try s.configure()
        try s.addEscalationContact()
        #expect(try s.cli.run("check").status == 0)
        try s.cli.succeed("contact", "remove", "secops")
        let check = try s.cli.run("check")
        #expect(check.status == 3, "\(check)")
        #expect(check.stderr.contains("secops"), "\(check)")
    }
}

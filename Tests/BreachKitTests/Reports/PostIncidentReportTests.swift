@testable import BreachKit
import Foundation
import Testing

@Suite struct PostIncidentReportTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/reports/INC-1.md")

    /// A declared, notified, partly waived, reopened and closed incident, every event at a fixed time.
    static func fixture() throws -> ReportScenario {
        let scenario = try ReportScenario(obligations: [
            FakeObligation(id: "notify-dpa", title: "Notify the supervisory authority (Art. 33)", hours: 72),
            FakeObligation(id: "notify-subjects", title: "Notify data subjects (Art. 34)", hours: 96),
        ])
        let id = try scenario.detect("Customer DB replica exposed | *public* <script>", at: 0)
        try scenario.run(.assign("alice"), on: id, at: 0.25)
        try scenario.run(.note("Replica firewalled at 08:20.\nAccess logs preserved in `s3://evidence/INC-1`."), on: id, at: 0.5)
        try scenario.advance(id, to: .assess, at: 1)
        try scenario.declare(id, at: 3, awareAt: 2)
        try scenario.queue(id, obligation: "notify-dpa", notification: "INC-1-notify-dpa-dpa-ie-email", at: 4)
        try scenario.retry(id, obligation: "notify-dpa", notification: "INC-1-notify-dpa-dpa-ie-email", attempt: 1,
                           error: "421 4.7.0 Try again later", smtpCode: 421, at: 4)
        try scenario.deliver(id, obligation: "notify-dpa", notification: "INC-1-notify-dpa-dpa-ie-email", attempt: 2, at: 13)
        try scenario.run(.waive(obligationID: "notify-subjects", reason: "Data encrypted at rest; keys not exposed (Art. 34(3)(a))."),
                         on: id, at: 20, actor: "legal-bob")
        try scenario.advance(id, to: .stabilize, at: 30)
        try scenario.run(.close(resolution: "Replica removed; credentials rotated"), on: id, at: 48)
        try scenario.run(.reopen(to: .stabilize, reason: "second copy found"), on: id, at: 60)
        try scenario.run(.close(resolution: "Second copy deleted"), on: id, at: 66)
        try scenario.detect("Unrelated later incident", at: 70)
        return scenario
    }

    @Test func markdownMatchesTheGoldenFile() throws {
        let scenario = try Self.fixture()
        let markdown = try scenario.service(at: 72).postIncidentReport("INC-1").markdown()
        if ProcessInfo.processInfo.environment["BREACH_UPDATE_GOLDEN"] == "1" {
            try markdown.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(markdown == expected, "regenerate with BREACH_UPDATE_GOLDEN=1 swift test --filter PostIncidentReportTests if the change is intended")
        #expect(!markdown.contains("2030-01-01"), "the recorded wall time must not appear")
    }

    @Test func tiesTheDocumentToTheLogHead() throws {
        let scenario = try Self.fixture()
        let service = scenario.service(at: 72)
        let report = try service.postIncidentReport("INC-1")
        let markdown = report.markdown()
        let (head, last) = try scenario.database.read { db in
            (try EventStore.head(in: db), try EventStore.events(of: "INC-1", in: db).last!)
        }
        #expect(report.head.sequence == 14 && report.head.hash == head.hash)
        #expect(report.eventCount == 13 && report.lastEvent.hash == last.hash)
        #expect(markdown.contains("Log head when generated: sequence 14, SHA-256 `\(head.hash)`"))
        #expect(markdown.contains("last event: sequence 13, SHA-256 `\(last.hash)`"))
        #expect(throws: BreachError.self) { try service.postIncidentReport("INC-9") }
    }
}

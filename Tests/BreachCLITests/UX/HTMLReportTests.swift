@testable import BreachKit
import BreachDomain
import Foundation
import Testing

/// `breach report sla --format html`: one self-contained file that parses, with one chart mark per
/// declared incident and nothing fetched from a network.
@Suite struct HTMLReportTests {
    let cli: BreachCLI
    init() throws { cli = try BreachCLI() }

    /// Given three declared incidents (one titled like an attack) and two that are not,
    /// when the HTML report is written, then it parses and charts exactly the declared three.
    @Test func reportParsesWithOneMarkPerDeclaredIncident() throws {
        let declared = [try cli.detect("Leaked S3 bucket"), try cli.detect("<script>alert('x')</script> & co"), try cli.detect("Phished admin")]
        try cli.detect("False positive")
        try cli.detect("Port scan")
        for id in declared { try cli.succeed("declare", id, "--aware-at", "2026-11-28T08:00:00Z") }
        let file = cli.directory.path("sla.html")
        let output = try cli.run("report", "sla", "--format", "html", "--output", file, now: "2026-11-29T09:00:00Z")
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.isEmpty && output.stderr.isEmpty, "\(output)")

        let html = try String(contentsOfFile: file, encoding: .utf8)
        let structure = try cli.parseHTML(file)
        #expect(structure.errors.isEmpty, "\(structure.errors)")
        #expect(structure.doctype?.lowercased() == "doctype html")
        #expect(structure.charts == 1)
        #expect(structure.marks.compactMap { $0 } == declared, "\(structure.marks)")
        #expect(structure.rows == ["INC-1", "INC-2", "INC-3", "INC-4", "INC-5"])
        #expect(structure.deadlines == 9, "three data-breach obligations per declared incident")
        #expect(structure.counts["pending"] == 3 && structure.counts["not_declared"] == 2, "\(structure.counts)")
        #expect(structure.tags["script"] == nil, "a title must not become markup")
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
        // Self-contained: no references out, no external style sheets, scripts or fonts.
        #expect(structure.urls.isEmpty, "\(structure.urls)")
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("@import") && !html.contains("<link"))
    }

    @Test func emptyWindowStillGivesAValidPage() throws {
        try cli.detect()
        let file = cli.directory.path("empty.html")
        try cli.succeed("report", "sla", "--format", "html", "--output", file, "--since", "2027-01-01")
        let structure = try cli.parseHTML(file)
        #expect(structure.errors.isEmpty, "\(structure.errors)")
        #expect(structure.marks.isEmpty && structure.rows.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("No incidents in this window"))
    }

    @Test func htmlToStandardOutputAndUnknownFormatRefused() throws {
        try cli.detect()
        let output = try cli.succeed("report", "sla", "--format", "html")
        #expect(output.stdout.hasPrefix("<!DOCTYPE html>"))
        try cli.expectRefusal(64, ["report", "summary", "--format", "html"], mentioning: "--format 'html'")
    }

    /// Bars run from declaration to first notification; met, missed and pending are counted; each
    /// obligation's deadline is a diamond at its own hour; far-off waiting is cut at the chart's edge.
    @Test func chartPlacesNotificationsAndDeadlines() throws {
        let declared = Date(timeIntervalSince1970: 1_800_000_000)
        func hours(_ value: Double) -> Date { declared.addingTimeInterval(value * 3600) }
        func row(_ id: String, first: Double?, verdict: NotificationSLA) -> SLARow {
            SLARow(incidentID: id, title: "Incident \(id)", kind: "data-breach", severity: "high", stage: "assess",
                   detectedAt: hours(-1), declaredAt: declared, closedAt: nil, notificationDeadline: hours(72),
                   firstNotificationAt: first.map(hours), lastNotificationAt: first.map(hours), allNotifiedAt: first.map(hours),
                   notificationSLA: verdict, notificationsDelivered: first == nil ? 0 : 1, notificationsFailed: 0,
                   stageSeconds: [:], stabilizedAt: nil)
        }
        let rows = [row("INC-1", first: 11, verdict: .met), row("INC-2", first: 90, verdict: .missed), row("INC-3", first: nil, verdict: .pending)]
        let deadlines = [
            "INC-1": [SLADeadline(obligationID: "authority", title: "Tell the DPA", dueAt: hours(72), outcome: .metInTime)],
            "INC-2": [SLADeadline(obligationID: "authority", title: "Tell the DPA", dueAt: hours(72), outcome: .metLate)],
            "INC-3": [SLADeadline(obligationID: "early-warning", title: "NIS2 early warning", dueAt: hours(24), outcome: .pending),
                      SLADeadline(obligationID: "authority", title: "Tell the DPA", dueAt: hours(72), outcome: .pending)],
        ]
        let report = SLAHTMLReport(rows: rows, deadlines: deadlines, window: ReportWindow(), now: hours(5000))
        let file = cli.directory.path("chart.html")
        try report.render().write(toFile: file, atomically: true, encoding: .utf8)
        let structure = try cli.parseHTML(file)
        #expect(structure.errors.isEmpty, "\(structure.errors)")
        #expect(structure.marks.compactMap { $0 } == ["INC-1", "INC-2", "INC-3"])
        #expect(structure.deadlines == 4)
        #expect(structure.counts["met"] == 1 && structure.counts["missed"] == 1 && structure.counts["pending"] == 1, "\(structure.counts)")

        let html = try String(contentsOfFile: file, encoding: .utf8)
        #expect(html.contains("first notification 11.00 h after declaration (met)"))
        #expect(html.contains("first notification 90.00 h after declaration (missed)"))
        #expect(html.contains("class=\"mark open pending\""), "not notified yet: an open bar")
        #expect(html.contains("early-warning (NIS2 early warning): due "))
        #expect(html.contains(">72 h</text>"), "the 72 h line is labelled")
        // The axis covers the 90 h notification, not the 5000 h of waiting: that bar is cut at the edge.
        let scale = SLAChart.Scale(hours: [11, 90, 24, 72])
        #expect(scale.low == 0 && scale.high >= 90 && scale.high < 200, "\(scale)")
    }
}

import BreachDomain
import Foundation

/// `breach report sla --format html`: one self-contained page for people, not spreadsheets.
///
/// Counts of met, missed and pending incidents, a chart of hours from declaration to the first
/// notification per declared incident against the 72 h line and each obligation's own deadline, and
/// the SLA table. Everything is inline (styles, SVG): the file opens offline and fetches nothing.
public struct SLAHTMLReport: Sendable {
    /// One row per incident detected in the window, as in the CSV.
    public var rows: [SLARow]
    /// The dated obligations of each declared incident, earliest first.
    public var deadlines: [String: [SLADeadline]]
    public var window: ReportWindow
    public var now: Date

    public init(rows: [SLARow], deadlines: [String: [SLADeadline]], window: ReportWindow, now: Date) {
        self.rows = rows
        self.deadlines = deadlines
        self.window = window
        self.now = now
    }

    /// Reads the rows and the obligations' deadlines from one snapshot.
    public static func load(window: ReportWindow, now: Date, in reader: any StoreReader) throws -> SLAHTMLReport {
        var rows: [SLARow] = []
        try SLAReport(window: window, now: now).forEachRow(in: reader) { rows.append($0) }
        var deadlines: [String: [SLADeadline]] = [:]
        for row in try reader.obligationDeadlines(window) {
            guard let due = row.dueAt.flatMap(RFC3339.parse) else { continue }
            let outcome = SLADeadline.outcome(dueAt: due, metAt: row.metAt.flatMap(RFC3339.parse),
                                              waivedAt: row.waivedAt.flatMap(RFC3339.parse), now: now)
            deadlines[row.incidentID, default: []].append(SLADeadline(obligationID: row.obligationID, title: row.title, dueAt: due, outcome: outcome))
        }
        return SLAHTMLReport(rows: rows, deadlines: deadlines, window: window, now: now)
    }

    /// The declared incidents: one chart mark each.
    public var declaredRows: [SLARow] { rows.filter { $0.declaredAt != nil } }

    /// How many incidents have each verdict.
    public func count(_ verdict: NotificationSLA) -> Int { rows.filter { $0.notificationSLA == verdict }.count }

    /// The whole page.
    public func render() -> String {
        let scope: String
        switch (window.since, window.until) {
        case (nil, nil): scope = "all incidents"
        case let (since?, nil): scope = "incidents detected from \(RFC3339.format(since))"
        case let (nil, until?): scope = "incidents detected before \(RFC3339.format(until))"
        case let (since?, until?): scope = "incidents detected from \(RFC3339.format(since)) to \(RFC3339.format(until))"
        }
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Notification SLA report</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header>
            <h1>Notification SLA report</h1>
            <p class="scope">\(HTMLText.escape(scope)), as of \(RFC3339.format(now)). Times are UTC.</p>
            </header>
            <section class="counts" aria-label="Incidents by notification verdict">

            """
        let tiles: [(NotificationSLA, String)] = [(.met, "met"), (.missed, "missed"), (.pending, "pending"), (.waived, "waived"),
                                                   (.notDeclared, "not declared")]
        for (verdict, label) in tiles {
            html += "<div class=\"count \(verdict.rawValue)\" data-verdict=\"\(verdict.rawValue)\"><span class=\"number\">\(count(verdict))</span>"
            html += "<span class=\"label\">\(label)</span></div>\n"
        }
        html += "</section>\n<section class=\"chart\">\n<h2>Hours from declaration to first notification</h2>\n"
        html += SLAChart(rows: declaredRows, deadlines: deadlines, now: now).render()
        html += "</section>\n<section class=\"table\">\n<h2>Incidents</h2>\n" + table() + "</section>\n"
        html += "<footer>Made by breach from the event log's read models. Column definitions: docs/reports.md.</footer>\n"
        html += "</body>\n</html>\n"
        return html
    }

    private func table() -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">No incidents in this window.</p>\n" }
        let header = ["Incident", "Title", "Severity", "Stage", "Declared", "Deadline", "First notified", "Hours to first",
                      "All notified", "SLA", "Delivered / failed"]
        var html = "<table>\n<thead><tr>" + header.map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        // Short for reading, exact in the attribute: "2026-11-02 09:00" shows 2026-11-02T09:00:00Z.
        func time(_ date: Date?) -> String {
            date.map { "<time datetime=\"\(RFC3339.format($0))\">\(Self.shortTime($0))</time>" } ?? ""
        }
        for row in rows {
            let hours = row.hoursToFirstNotification.map(ReportHours.format(seconds:)) ?? ""
            let cells = [
                "<th scope=\"row\">\(HTMLText.escape(row.incidentID))</th>", "<td class=\"title\">\(HTMLText.escape(row.title))</td>",
                "<td>\(HTMLText.escape(row.severity))</td>", "<td>\(HTMLText.escape(row.stage))</td>",
                "<td>\(time(row.declaredAt))</td>", "<td>\(time(row.notificationDeadline))</td>",
                "<td>\(time(row.firstNotificationAt))</td>", "<td class=\"number\">\(hours)</td>", "<td>\(time(row.allNotifiedAt))</td>",
                "<td><span class=\"verdict \(row.notificationSLA.rawValue)\">\(row.notificationSLA.rawValue.replacingOccurrences(of: "_", with: " "))</span></td>",
                "<td class=\"number\">\(row.notificationsDelivered) / \(row.notificationsFailed)</td>",
            ]
            html += "<tr data-incident=\"\(HTMLText.escape(row.incidentID))\">" + cells.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// `2026-11-02 09:00` (UTC, seconds only when not zero).
    static func shortTime(_ date: Date) -> String {
        let text = RFC3339.format(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
        return text.hasSuffix(":00") ? String(text.dropLast(3)) : text
    }

    /// The page's only styles: system fonts, no external resources; colours also readable in print.
    static let style = """

        :root { --met: #1a7f37; --missed: #cf222e; --pending: #bf8700; --waived: #6e7781; --ink: #1f2328; --rule: #d0d7de; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
               color: var(--ink); margin: 2rem auto; max-width: 1180px; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .2rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; }
        .scope { color: #57606a; margin: 0; }
        .counts { display: flex; gap: .8rem; margin-top: 1.2rem; flex-wrap: wrap; }
        .count { border: 1px solid var(--rule); border-top: 4px solid var(--waived); border-radius: 6px; padding: .5rem 1rem; min-width: 7rem; }
        .count .number { display: block; font-size: 1.8rem; font-weight: 600; }
        .count .label { color: #57606a; }
        .count.met { border-top-color: var(--met); } .count.missed { border-top-color: var(--missed); }
        .count.pending { border-top-color: var(--pending); }
        .legend { display: flex; gap: 1.4rem; flex-wrap: wrap; color: #57606a; margin: 0 0 .4rem; padding: 0; list-style: none; }
        .legend svg { vertical-align: middle; margin-right: .3rem; }
        svg.chart { display: block; max-width: 100%; height: auto; font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
        svg.chart .grid { stroke: #eaeef2; } svg.chart .axis { fill: #57606a; }
        svg.chart .stripe { fill: #f6f8fa; }
        svg.chart .limit { stroke: var(--missed); stroke-width: 1.5; stroke-dasharray: 6 4; }
        svg.chart .limit-label { fill: var(--missed); font-weight: 600; }
        svg.chart .label { fill: var(--ink); font-weight: 600; } svg.chart .value { fill: #57606a; }
        .mark.met { fill: var(--met); } .mark.missed { fill: var(--missed); } .mark.pending { fill: var(--pending); }
        .mark.waived { fill: var(--waived); }
        .mark.open { fill-opacity: .18; stroke-width: 1.5; stroke-dasharray: 4 3; }
        .mark.open.met { stroke: var(--met); } .mark.open.missed { stroke: var(--missed); }
        .mark.open.pending { stroke: var(--pending); } .mark.open.waived { stroke: var(--waived); }
        .deadline { stroke: #fff; stroke-width: 1; }
        .deadline.met { fill: var(--met); } .deadline.met-late, .deadline.missed { fill: var(--missed); }
        .deadline.pending { fill: var(--pending); } .deadline.waived { fill: var(--waived); }
        section.table { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { text-align: left; padding: .35rem .4rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
        td.title { min-width: 12rem; }
        thead th { border-bottom: 2px solid var(--ink); }
        td.number { text-align: right; font-variant-numeric: tabular-nums; } time { white-space: nowrap; }
        .verdict { font-weight: 600; } .verdict.met { color: var(--met); } .verdict.missed { color: var(--missed); }
        .verdict.pending { color: var(--pending); } .verdict.waived, .verdict.not_declared { color: var(--waived); }
        .empty { color: #57606a; font-style: italic; }
        footer { margin-top: 2rem; color: #57606a; font-size: 12px; }

        """
}

extension IncidentService {
    /// The HTML SLA report of incidents detected in `window`, judged at the service clock's now.
    public func slaHTMLReport(_ window: ReportWindow) throws -> SLAHTMLReport {
        let now = clock.now()
        return try store.read { reader in try SLAHTMLReport.load(window: window, now: now, in: reader) }
    }
}

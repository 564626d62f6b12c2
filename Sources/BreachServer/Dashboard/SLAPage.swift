import BreachKit
import Foundation

/// `/reports/sla`: the SLA report as a table, a window form, and the CSV and HTML downloads.
enum SLAPage {
    static func render(_ rows: [SLARow], window: ReportWindow, query: String, signedIn: String) -> String {
        let e = PageLayout.e
        let since = window.since.map(RFC3339.format) ?? "", until = window.until.map(RFC3339.format) ?? ""
        let suffix = query.isEmpty ? "" : "?" + query
        var body = """
        <form method="get" action="/reports/sla" class="window">
        <p><label for="since">Detected since (YYYY-MM-DD or RFC 3339)</label>
        <input id="since" name="since" value="\(e(since))" inputmode="numeric" autocomplete="off"></p>
        <p><label for="until">Detected until</label>
        <input id="until" name="until" value="\(e(until))" inputmode="numeric" autocomplete="off"></p>
        <p><button type="submit">Show</button></p>
        </form>
        <p class="downloads"><a href="/reports/sla.csv\(e(suffix))" download>Download CSV</a>
        <a href="/reports/sla.html\(e(suffix))" download>Download HTML report</a></p>

        """
        if rows.isEmpty {
            body += "<p>No incidents were detected in this window.</p>"
        } else {
            body += """
            <div class="table-wrap"><table class="cards"><caption>\(rows.count) incident\(rows.count == 1 ? "" : "s"), notification SLA per incident</caption>
            <thead><tr><th scope="col">Incident</th><th scope="col">Title</th><th scope="col">Stage</th><th scope="col">Declared</th><th scope="col">Deadline</th><th scope="col">First notified</th><th scope="col">SLA</th><th scope="col">Delivered / failed</th></tr></thead><tbody>

            """
            for row in rows {
                let time = { (date: Date?) in date.map(RFC3339.format) ?? "—" }
                body += "<tr><th scope=\"row\" data-label=\"Incident\"><a href=\"/incidents/\(e(row.incidentID))\">\(e(row.incidentID))</a></th>"
                    + "<td data-label=\"Title\">\(e(row.title))</td><td data-label=\"Stage\">\(e(row.stage))</td>"
                    + "<td data-label=\"Declared\">\(time(row.declaredAt))</td><td data-label=\"Deadline\">\(time(row.notificationDeadline))</td>"
                    + "<td data-label=\"First notified\">\(time(row.firstNotificationAt))</td>"
                    + "<td data-label=\"SLA\"><span class=\"status \(e(row.notificationSLA.rawValue))\">\(e(row.notificationSLA.rawValue))</span></td>"
                    + "<td data-label=\"Delivered / failed\">\(row.notificationsDelivered) / \(row.notificationsFailed)</td></tr>\n"
            }
            body += "</tbody></table></div>"
        }
        return PageLayout.render(title: "SLA report", signedIn: signedIn, current: "/reports/sla", body: body)
    }
}

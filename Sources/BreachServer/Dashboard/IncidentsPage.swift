import BreachKit
import Foundation

/// `/`: open incidents, most urgent deadline first, with the time left to each one's next deadline.
enum IncidentsPage {
    /// Rows shown at most: a page a person can read (and a phone can load); the most urgent come first,
    /// and the page says how many more there are and where to see them all.
    static let maxRows = 500

    static func render(_ incidents: [IncidentSummary], now: Date, signedIn: String) -> String {
        let sorted = incidents.sorted { a, b in
            switch (due(a), due(b)) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.id.localizedStandardCompare(b.id) == .orderedAscending
            }
        }
        let overdue = sorted.filter { $0.isOverdue(at: now) }.count
        var body = "<p class=\"summary\">\(sorted.count) open incident\(sorted.count == 1 ? "" : "s"), \(overdue) overdue. Times are UTC; now is <time datetime=\"\(RFC3339.format(now))\">\(RFC3339.format(now))</time>.</p>\n"
        if sorted.isEmpty {
            body += "<p>No open incidents.</p>"
            return PageLayout.render(title: "Open incidents", signedIn: signedIn, current: "/", body: body)
        }
        body += """
        <div class="table-wrap"><table class="cards">
        <caption>Open incidents, next deadline first\(sorted.count > maxRows ? " (the \(maxRows) most urgent of \(sorted.count); <code>breach list --open</code> lists all)" : "")</caption>
        <thead><tr><th scope="col">Incident</th><th scope="col">Title</th><th scope="col">Severity</th><th scope="col">Stage</th><th scope="col">Declared</th><th scope="col">Next deadline</th></tr></thead>
        <tbody>

        """
        for incident in sorted.prefix(maxRows) {
            let e = PageLayout.e
            body += "<tr><th scope=\"row\" data-label=\"Incident\"><a href=\"/incidents/\(e(incident.id))\">\(e(incident.id))</a></th>"
                + "<td data-label=\"Title\">\(e(incident.title))</td>"
                + "<td data-label=\"Severity\"><span class=\"sev \(e(incident.severity))\">\(e(incident.severity))</span></td>"
                + "<td data-label=\"Stage\">\(e(incident.stage))</td>"
                + "<td data-label=\"Declared\">\(incident.declaredAt == nil ? "no" : "yes")</td>"
                + "<td data-label=\"Next deadline\">\(DeadlineBadge.html(due: due(incident), now: now))</td></tr>\n"
        }
        body += "</tbody></table></div>"
        return PageLayout.render(title: "Open incidents", signedIn: signedIn, current: "/", body: body)
    }

    private static func due(_ incident: IncidentSummary) -> Date? {
        incident.outstandingObligations > 0 ? incident.nextDeadlineAt.flatMap(RFC3339.parse) : nil
    }
}

import BreachDomain
import BreachKit
import Foundation

/// `/`: open incidents, most urgent deadline first, with the time left to each one's next deadline.
enum IncidentsPage {
    /// Rows shown at most: a page a person can read (and a phone can load); the most urgent come first,
    /// and the page says how many more there are and where to see them all.
    static let maxRows = 500

    /// An open incident with its next deadline parsed once, in the page's order.
    struct Row: Sendable {
        let incident: IncidentSummary
        /// The next outstanding deadline; nil when nothing is outstanding.
        let due: Date?
        /// The id's number, so ties sort INC-9 before INC-10 without a locale-aware comparison.
        let number: Int
    }

    /// `incidents` in the page's order: next deadline first, those without one last, then by number.
    static func rows(_ incidents: [IncidentSummary]) -> [Row] {
        let rows = incidents.map { incident in
            Row(incident: incident,
                due: incident.outstandingObligations > 0 ? incident.nextDeadlineAt.flatMap(RFC3339.parse) : nil,
                number: IncidentID.number(of: incident.id) ?? .max)
        }
        return rows.sorted { a, b in
            switch (a.due, b.due) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return (a.number, a.incident.id) < (b.number, b.incident.id)
            }
        }
    }

    static func render(_ incidents: [IncidentSummary], now: Date, signedIn: String) -> String {
        render(rows(incidents), now: now, signedIn: signedIn)
    }

    static func render(_ sorted: [Row], now: Date, signedIn: String) -> String {
        // Same rule as `IncidentSummary.isOverdue`, on the deadlines parsed once.
        let overdue = sorted.filter { row in row.due.map { $0 <= now } ?? false }.count
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
        let e = PageLayout.e
        for row in sorted.prefix(maxRows) {
            let incident = row.incident
            body += "<tr><th scope=\"row\" data-label=\"Incident\"><a href=\"/incidents/\(e(incident.id))\">\(e(incident.id))</a></th>"
                + "<td data-label=\"Title\">\(e(incident.title))</td>"
                + "<td data-label=\"Severity\"><span class=\"sev \(e(incident.severity))\">\(e(incident.severity))</span></td>"
                + "<td data-label=\"Stage\">\(e(incident.stage))</td>"
                + "<td data-label=\"Declared\">\(incident.declaredAt == nil ? "no" : "yes")</td>"
                + "<td data-label=\"Next deadline\">\(DeadlineBadge.html(due: row.due, now: now))</td></tr>\n"
        }
        body += "</tbody></table></div>"
        return PageLayout.render(title: "Open incidents", signedIn: signedIn, current: "/", body: body)
    }
}

import BreachKit
import Foundation

/// `/incidents/{id}`: one incident with its obligations, notifications and timeline.
enum IncidentPage {
    static func render(_ incident: Incident, timeline: [TimelineRow], now: Date, signedIn: String) -> String {
        let e = PageLayout.e
        let time = { (date: Date?) -> String in
            date.map { "<time datetime=\"\(RFC3339.format($0))\">\(RFC3339.format($0))</time>" } ?? "—"
        }
        var body = """
        <dl class="facts">
        <dt>Title</dt><dd>\(e(incident.title))</dd>
        <dt>Kind</dt><dd>\(e(incident.kind))</dd>
        <dt>Severity</dt><dd><span class="sev \(e(incident.severity.rawValue))">\(e(incident.severity.rawValue))</span></dd>
        <dt>Stage</dt><dd>\(e(incident.stage.rawValue))</dd>
        <dt>Detected</dt><dd>\(time(incident.detectedAt))</dd>
        <dt>Declared</dt><dd>\(incident.declaredAt == nil ? "not declared" : time(incident.declaredAt))</dd>
        <dt>Closed</dt><dd>\(incident.closedAt == nil ? "open" : time(incident.closedAt) + " — " + e(incident.resolution ?? ""))</dd>
        <dt>Assignee</dt><dd>\(e(incident.assignee ?? "unassigned"))</dd>
        <dt>Next deadline</dt><dd>\(DeadlineBadge.html(due: incident.nextDeadline, now: now))</dd>
        </dl>

        """
        if let summary = incident.summary { body += "<h2>Summary</h2>\n<p class=\"prose\">\(e(summary))</p>\n" }

        body += "<h2>Obligations</h2>\n"
        if incident.obligations.isEmpty {
            body += "<p>None yet: obligations start when the incident is declared.</p>\n"
        } else {
            body += """
            <div class="table-wrap"><table class="cards"><caption>Who must be notified, by when</caption>
            <thead><tr><th scope="col">Obligation</th><th scope="col">Audience</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Met</th></tr></thead><tbody>

            """
            for obligation in incident.obligations {
                let status = obligation.status(at: now).rawValue
                let due = obligation.isOutstanding ? DeadlineBadge.html(due: obligation.dueAt, now: now) : time(obligation.dueAt)
                body += "<tr><th scope=\"row\" data-label=\"Obligation\">\(e(obligation.id))<br><span class=\"sub\">\(e(obligation.title))</span></th>"
                    + "<td data-label=\"Audience\">\(e(obligation.snapshot.audienceText ?? "—"))</td>"
                    + "<td data-label=\"Due\">\(due)</td>"
                    + "<td data-label=\"Status\"><span class=\"status \(e(status))\">\(e(status))</span>\(obligation.wasMetLate ? " (late)" : "")</td>"
                    + "<td data-label=\"Met\">\(time(obligation.metAt))</td></tr>\n"
            }
            body += "</tbody></table></div>\n"
        }

        body += "<h2>Notifications</h2>\n"
        if incident.notifications.isEmpty {
            body += "<p>None queued.</p>\n"
        } else {
            body += """
            <div class="table-wrap"><table class="cards"><caption>Each notification and its delivery</caption>
            <thead><tr><th scope="col">Notification</th><th scope="col">Contact</th><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Delivered</th><th scope="col">Last error</th></tr></thead><tbody>

            """
            for notification in incident.notifications {
                body += "<tr><th scope=\"row\" data-label=\"Notification\">\(e(notification.id))</th>"
                    + "<td data-label=\"Contact\">\(e(notification.contactID))</td>"
                    + "<td data-label=\"Channel\">\(e(notification.channel.rawValue))</td>"
                    + "<td data-label=\"Status\"><span class=\"status \(e(notification.status.rawValue))\">\(e(notification.status.rawValue))</span></td>"
                    + "<td data-label=\"Attempts\">\(notification.attempts)</td>"
                    + "<td data-label=\"Delivered\">\(time(notification.deliveredAt))</td>"
                    + "<td data-label=\"Last error\">\(e(notification.lastError ?? "—"))</td></tr>\n"
            }
            body += "</tbody></table></div>\n"
        }

        body += "<h2>Timeline</h2>\n<ol class=\"timeline\">\n"
        for row in timeline {
            body += "<li><time datetime=\"\(e(row.at))\">\(e(row.at))</time> <span class=\"type\">\(e(row.type))</span> <span class=\"actor\">by \(e(row.actor))</span><p>\(e(row.summary))</p></li>\n"
        }
        body += "</ol>\n"
        return PageLayout.render(title: "\(incident.id): \(incident.title)", signedIn: signedIn, body: body)
    }
}

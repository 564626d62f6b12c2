import BreachDomain
import Foundation

/// The HTML SLA report's chart: one horizontal bar per declared incident, from its declaration to its
/// first delivered notification, against the 72 h line and each obligation's own deadline (diamonds).
///
/// An incident not notified yet gets an open (dashed) bar up to now, cut at the chart's edge when
/// that is far away. Every bar is one element of class `mark`, so the chart has exactly one mark per
/// declared incident.
struct SLAChart {
    let rows: [SLARow]
    let deadlines: [String: [SLADeadline]]
    let now: Date

    /// The statutory line drawn on every chart: the seed's 72 hours from declaration.
    static let limitHours = 72.0

    private let width = 960.0, left = 84.0, right = 210.0, top = 34.0, rowHeight = 28.0, barHeight = 14.0, bottom = 30.0

    func render() -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">No declared incidents in this window: nothing to chart.</p>\n" }
        let scale = Scale(hours: rows.flatMap(hoursOfInterest))
        let plotWidth = width - left - right
        func x(_ hours: Double) -> Double { left + plotWidth * (min(max(hours, scale.low), scale.high) - scale.low) / (scale.high - scale.low) }
        let height = top + Double(rows.count) * rowHeight + bottom
        var svg = Self.legend
        svg += "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" "
        svg += "aria-label=\"Hours from declaration to first notification, per declared incident, against the 72 hour line\">\n"
        for (index, _) in rows.enumerated() where index % 2 == 1 {
            svg += "<rect class=\"stripe\" x=\"0\" y=\"\(n(top + Double(index) * rowHeight))\" width=\"\(n(width))\" height=\"\(n(rowHeight))\"/>\n"
        }
        let plotBottom = top + Double(rows.count) * rowHeight
        for tick in scale.ticks {
            let tx = x(tick)
            svg += "<line class=\"grid\" x1=\"\(n(tx))\" y1=\"\(n(top - 6))\" x2=\"\(n(tx))\" y2=\"\(n(plotBottom))\"/>"
            svg += "<text class=\"axis\" x=\"\(n(tx))\" y=\"\(n(top - 12))\" text-anchor=\"middle\">\(Self.hoursLabel(tick))</text>"
            // At the bottom, the 72 h line's own label takes the place of its tick's.
            if tick != Self.limitHours {
                svg += "<text class=\"axis\" x=\"\(n(tx))\" y=\"\(n(plotBottom + 18))\" text-anchor=\"middle\">\(Self.hoursLabel(tick))</text>"
            }
            svg += "\n"
        }
        for (index, row) in rows.enumerated() {
            svg += mark(row, y: top + Double(index) * rowHeight, x: x, edge: scale.high)
        }
        let limit = x(Self.limitHours)
        svg += "<line class=\"limit\" x1=\"\(n(limit))\" y1=\"\(n(top - 6))\" x2=\"\(n(limit))\" y2=\"\(n(plotBottom + 4))\"/>"
        svg += "<text class=\"limit-label\" x=\"\(n(limit))\" y=\"\(n(plotBottom + 18))\" text-anchor=\"middle\">72 h</text>\n"
        return svg + "</svg>\n"
    }

    /// One incident's row: its id, its bar (the mark), its deadlines, and the figure at the right.
    private func mark(_ row: SLARow, y: Double, x: (Double) -> Double, edge: Double) -> String {
        let id = HTMLText.escape(row.incidentID)
        let verdict = row.notificationSLA.rawValue
        let middle = y + rowHeight / 2
        var svg = "<g class=\"incident\" data-incident=\"\(id)\">"
        svg += "<text class=\"label\" x=\"\(n(left - 10))\" y=\"\(n(middle + 4))\" text-anchor=\"end\">\(id)</text>"
        let value: String
        if let seconds = row.hoursToFirstNotification {
            let hours = seconds / 3600
            svg += "<rect class=\"mark \(verdict)\" data-incident=\"\(id)\" x=\"\(n(x(0)))\" y=\"\(n(middle - barHeight / 2))\" "
            svg += "width=\"\(n(max(x(hours) - x(0), 2)))\" height=\"\(n(barHeight))\" rx=\"2\">"
            svg += "<title>\(id) \(HTMLText.escape(row.title)): first notification \(ReportHours.format(seconds: seconds)) h after declaration (\(verdict))</title></rect>"
            value = "\(ReportHours.format(seconds: seconds)) h · \(verdict)"
        } else {
            // Not notified: an open bar for the time waited until settled (all waived) or closed, or until now.
            let end = row.allNotifiedAt ?? row.closedAt ?? now
            let waited = row.declaredAt.map { end.timeIntervalSince($0) / 3600 } ?? 0
            svg += "<rect class=\"mark open \(verdict)\" data-incident=\"\(id)\" x=\"\(n(x(0)))\" y=\"\(n(middle - barHeight / 2))\" "
            svg += "width=\"\(n(max(x(min(waited, edge)) - x(0), 2)))\" height=\"\(n(barHeight))\" rx=\"2\">"
            svg += "<title>\(id) \(HTMLText.escape(row.title)): no notification delivered, \(ReportHours.format(seconds: waited * 3600)) h waited (\(verdict))</title></rect>"
            value = "not notified · \(verdict.replacingOccurrences(of: "_", with: " "))"
        }
        for deadline in deadlines[row.incidentID] ?? [] {
            guard let declared = row.declaredAt else { continue }
            let hours = deadline.dueAt.timeIntervalSince(declared) / 3600
            let dx = x(hours)
            svg += "<path class=\"deadline \(deadline.outcome.rawValue)\" d=\"M\(n(dx)) \(n(middle - 8))l6 8l-6 8l-6-8z\">"
            svg += "<title>\(HTMLText.escape(deadline.obligationID)) (\(HTMLText.escape(deadline.title))): due \(RFC3339.format(deadline.dueAt)), "
            svg += "\(ReportHours.format(seconds: hours * 3600)) h after declaration — \(deadline.outcome.rawValue)</title></path>"
        }
        svg += "<text class=\"value\" x=\"\(n(width - right + 12))\" y=\"\(n(middle + 4))\">\(value)</text></g>\n"
        return svg
    }

    /// The hours a row needs visible: its notification or time waited so far, and its deadlines.
    private func hoursOfInterest(_ row: SLARow) -> [Double] {
        guard let declared = row.declaredAt else { return [] }
        var hours = (deadlines[row.incidentID] ?? []).map { $0.dueAt.timeIntervalSince(declared) / 3600 }
        if let seconds = row.hoursToFirstNotification { hours.append(seconds / 3600) }
        return hours
    }

    /// The legend above the chart, in HTML with the same shapes.
    static let legend = """
        <ul class="legend">
        <li><svg width="22" height="12" aria-hidden="true"><rect class="mark met" width="22" height="12" rx="2"/></svg>first notification delivered (colour: SLA verdict)</li>
        <li><svg width="22" height="12" aria-hidden="true"><rect class="mark open pending" x="1" y="1" width="20" height="10" rx="2"/></svg>not notified yet: time waited</li>
        <li><svg width="14" height="16" aria-hidden="true"><path class="deadline pending" d="M7 0l6 8l-6 8l-6-8z"/></svg>an obligation's deadline</li>
        <li><svg width="14" height="16" aria-hidden="true"><line class="limit" x1="7" y1="0" x2="7" y2="16" stroke="#cf222e" stroke-dasharray="4 3"/></svg>72 h after declaration</li>
        </ul>

        """

    /// "36 h" below ten days, "14 d" above.
    static func hoursLabel(_ hours: Double) -> String {
        hours.magnitude < 240 ? "\(Int(hours.rounded())) h" : "\(Int((hours / 24).rounded())) d"
    }

    /// A coordinate with at most one decimal, as SVG wants it (never a locale's comma).
    private func n(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(format: "%.1f", tenths / 10)
    }

    /// The hours axis: from 0 (or the earliest deadline) to past the 72 h line and every figure, in round steps.
    struct Scale {
        let low: Double, high: Double, step: Double

        init(hours: [Double]) {
            let lowest = min(0, hours.min() ?? 0)
            let highest = max(SLAChart.limitHours * 1.25, (hours.max() ?? 0) * 1.05)
            let steps: [Double] = [6, 12, 24, 48, 72, 168, 336, 720, 1440, 2880, 8760]
            step = steps.first { (highest - lowest) / $0 <= 10 } ?? 8760
            low = (lowest / step).rounded(.down) * step
            high = (highest / step).rounded(.up) * step
        }

        var ticks: [Double] { stride(from: low, through: high, by: step).map { $0 } }
    }
}

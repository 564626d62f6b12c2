/// Aligns rows of cells into columns for terminal output.
///
/// Cells may carry colour escapes (`Terminal.paint`): widths count only what shows on screen.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(Terminal.visibleWidth)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], Terminal.visibleWidth(cell)) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - Terminal.visibleWidth(cell))
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

/// "in 5h 12m" / "overdue by 2h 3m", for deadlines in human output.
enum Countdown {
    static func describe(seconds: Double) -> String {
        let total = Int(abs(seconds)) / 60
        let days = total / 1440, hours = total % 1440 / 60, minutes = total % 60
        let text = days > 0 ? "\(days)d \(hours)h" : hours > 0 ? "\(hours)h \(minutes)m" : "\(minutes)m"
        return seconds >= 0 ? "due in \(text)" : "overdue by \(text)"
    }
}

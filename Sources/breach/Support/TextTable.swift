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

/// Aligns rows of cells into columns for terminal output.
///
/// Cells may carry colour escapes (`Terminal.paint`): widths count only what shows on screen.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(Terminal.visibleWidth)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], Terminal.visibleWidth(cell)) }
        }
        // One byte buffer for the whole table: `list` over 1,000 incidents renders 11,000 cells, and a padded
        // string per cell and a joined string per line were a quarter of the command's instructions.
        var output: [UInt8] = []
        output.reserveCapacity((widths.reduce(0, +) + 2 * widths.count + 1) * (rows.count + 1))
        func line(_ cells: [String]) {
            for (index, cell) in cells.enumerated() {
                if index > 0 { output.append(contentsOf: [0x20, 0x20]) }
                output.append(contentsOf: cell.utf8)
                if index < cells.count - 1 && index < widths.count {
                    let padding = widths[index] - Terminal.visibleWidth(cell)
                    if padding > 0 { output.append(contentsOf: repeatElement(0x20, count: padding)) }
                }
            }
        }
        line(header)
        for row in rows {
            output.append(0x0A)
            line(row)
        }
        return String(decoding: output, as: UTF8.self)
    }
}

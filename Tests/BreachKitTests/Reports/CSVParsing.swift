import CSV

/// Parses CSV text with an independent RFC 4180 reader (CSV.swift), to check round trips.
func parseCSV(_ text: String) throws -> [[String]] {
    let reader = try CSVReader(string: text, hasHeaderRow: false)
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    if let error = reader.error { throw error }
    return rows
}

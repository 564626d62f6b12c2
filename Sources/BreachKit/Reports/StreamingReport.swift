import BreachDomain
import Foundation

/// A report row that has a fixed CSV header, CSV cells and a JSON object.
public protocol ReportRow {
    static var header: [String] { get }
    var csvCells: [CSVCell] { get }
    var json: JSONValue { get }
}

/// A report that streams its rows from the database, so it can be written as CSV or JSON without holding them all.
public protocol StreamingReport {
    associatedtype Item: ReportRow
    func forEachRow(in reader: any StoreReader, _ body: (Item) throws -> Void) throws
}

extension StreamingReport {
    /// Writes the header and every row as RFC 4180 CSV.
    public func writeCSV(in reader: any StoreReader, to output: any ReportOutput) throws {
        let writer = CSVWriter(output: output)
        try writer.writeHeader(Item.header)
        try forEachRow(in: reader) { try writer.writeRow($0.csvCells) }
        try output.flush()
    }

    /// Writes a JSON array of row objects (keys as the CSV header), one row per line.
    public func writeJSON(in reader: any StoreReader, to output: any ReportOutput) throws {
        var first = true
        try output.write("[")
        try forEachRow(in: reader) { row in
            try output.write((first ? "\n  " : ",\n  ") + row.json.serialized())
            first = false
        }
        try output.write(first ? "]\n" : "\n]\n")
        try output.flush()
    }
}

extension SLARow: ReportRow {}
extension NotificationAttemptRow: ReportRow {}
extension SLAReport: StreamingReport {}
extension NotificationsReport: StreamingReport {}

@testable import BreachKit
import Foundation
import Testing

@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""),
        ("", ""),
        ("Zürich — 東京", "Zürich — 東京"),
    ])
    func quotesOnlyWhenNeeded(input: String, expected: String) {
        #expect(CSVWriter.encode(.text(input)) == expected)
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"),
        ("+31 20 555", "'+31 20 555"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "\"'\rreturn\""),
        ("=cmd|' /C calc'!A0, x", "\"'=cmd|' /C calc'!A0, x\""),
        ("a=b", "a=b"),
        (" =1", " =1"),
    ])
    func neutralisesTextThatASpreadsheetWouldEvaluate(input: String, expected: String) {
        #expect(CSVWriter.encode(.text(input)) == expected)
    }

    @Test func valuesAreNeverNeutralised() {
        #expect(CSVWriter.encode(.value("-1.50")) == "-1.50")
        #expect(CSVWriter.encode(.value("2026-03-02T00:00:00Z")) == "2026-03-02T00:00:00Z")
        #expect(CSVWriter.encode(.empty) == "")
        #expect(CSVWriter.encode(.text(nil)) == "")
    }

    @Test func rowsEndWithCRLFAndRoundTrip() throws {
        let output = StringOutput()
        let writer = CSVWriter(output: output)
        try writer.writeHeader(["a", "b", "c"])
        try writer.writeRow([.text("x,\"y\"\r\nz"), .value("-3.25"), .empty])
        #expect(output.text == "a,b,c\r\n\"x,\"\"y\"\"\r\nz\",-3.25,\r\n")
        #expect(try parseCSV(output.text) == [["a", "b", "c"], ["x,\"y\"\r\nz", "-3.25", ""]])
    }

    @Test(arguments: [(36_000.0, "10.00"), (-5_400.0, "-1.50"), (17.999, "0.00"), (18.0, "0.01"), (-18.0, "-0.01"), (0.0, "0.00"),
                      (359_999_964.0, "99999.99"), (359_999_999.0, "100000.00"), (259_201.0, "72.00")] as [(Double, String)])
    func hoursHaveTwoPlaces(seconds: Double, expected: String) {
        #expect(ReportHours.format(seconds: seconds) == expected)
    }
}

@Suite struct ReportWindowTests {
    @Test func acceptsDatesAndRFC3339() throws {
        let window = try ReportWindow.parse(since: "2026-03-02", until: "2026-03-03T12:00:00+02:00")
        #expect(window.since == RFC3339.parse("2026-03-02T00:00:00Z"))
        #expect(window.until == RFC3339.parse("2026-03-03T10:00:00Z"))
        #expect(try ReportWindow.parse(since: nil, until: nil) == ReportWindow())
    }

    @Test(arguments: ["yesterday", "2026-13-01", "2026-02-30", "03/02/2026", "2026-03-02T25:00:00Z", ""])
    func refusesAnythingElseNamingTheFormat(text: String) {
        #expect {
            _ = try ReportWindow.parse(since: text, until: nil)
        } throws: { error in
            guard let error = error as? BreachError else { return false }
            return error.code == .invalidInput && error.message.contains("--since") && error.message.contains("YYYY-MM-DD")
        }
    }

    @Test func refusesAnEmptyWindow() {
        #expect(throws: BreachError.self) { try ReportWindow.parse(since: "2026-03-02", until: "2026-03-02") }
        #expect(throws: BreachError.self) { try ReportWindow.parse(since: "2026-03-03", until: "2026-03-02") }
    }
}

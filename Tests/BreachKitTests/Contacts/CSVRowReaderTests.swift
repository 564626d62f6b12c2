@testable import BreachKit
import Testing

/// The byte-level CSV reader of `contact import`: RFC 4180 fields, and syntax errors instead of silently
/// mangled rows.
@Suite struct CSVRowReaderTests {
    private func rows(_ text: String) throws -> [[String]] {
        var text = text
        return try text.withUTF8 { bytes in
            var reader = CSVRowReader(bytes: bytes)
            var rows: [[String]] = []
            while let row = try reader.next() { rows.append(row) }
            return rows
        }
    }

    @Test func readsPlainQuotedAndEscapedFields() throws {
        #expect(try rows("id,name\nacme,\"Acme, Inc.\"\nq,\"say \"\"hi\"\"\"\n") == [["id", "name"], ["acme", "Acme, Inc."], ["q", "say \"hi\""]])
    }

    @Test func endsRowsAtLFCRLFCROrTheEnd() throws {
        #expect(try rows("a,b\r\nc,d\re,f\ng,h") == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
    }

    @Test func keepsLineBreaksAndNonASCIIInsideQuotedFields() throws {
        #expect(try rows("x,\"Fine\r\nBcc: evil\"\nz,\"Müller ☃\"\n") == [["x", "Fine\r\nBcc: evil"], ["z", "Müller ☃"]])
    }

    @Test func emptyFieldsEmptyLinesAndAByteOrderMark() throws {
        #expect(try rows("\u{FEFF}id,tags,email\na,,\n\n\"\",b,\n") == [["id", "tags", "email"], ["a", "", ""], [""], ["", "b", ""]])
        #expect(try rows("").isEmpty)
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKept() throws {
        #expect(try rows("a\"b,c\n") == [["a\"b", "c"]])
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        #expect(throws: CSVRowReader.SyntaxError.self) { try rows("\"ab\"cd,e\n") }
    }

    @Test func aQuoteNeverClosedIsAnError() {
        #expect(throws: CSVRowReader.SyntaxError.self) { try rows("ok,\"unterminated,authority\n") }
    }
}

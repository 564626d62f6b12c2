import Foundation
import Testing
@testable import BreachDomain

@Suite struct RFC3339Tests {
    @Test func roundTripsUTC() {
        let date = RFC3339.parse("2026-11-28T09:12:00Z")!
        #expect(RFC3339.format(date) == "2026-11-28T09:12:00Z")
        #expect(date.timeIntervalSince1970 == 1_795_857_120)
    }

    @Test func convertsOffsetsToUTC() {
        #expect(RFC3339.format(RFC3339.parse("2026-01-01T01:30:00+02:00")!) == "2025-12-31T23:30:00Z")
        #expect(RFC3339.format(RFC3339.parse("2024-02-29T23:59:59-00:30")!) == "2024-03-01T00:29:59Z")
    }

    @Test func keepsFractionsAndFormatsMillis() {
        let date = RFC3339.parse("2026-11-28T09:12:00.250Z")!
        #expect(RFC3339.formatMillis(date) == "2026-11-28T09:12:00.250Z")
        #expect(RFC3339.format(date) == "2026-11-28T09:12:00Z")
    }

    @Test(arguments: ["", "2026-11-28", "2026-11-28T09:12:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
                      "2026-11-28T24:00:00Z", "2026-11-28T09:12:00+2:00", "2026-11-28T09:12:00Zjunk", "tomorrow",
                      "2026-11-28T09:12:00.Z", "2025-02-29T00:00:00Z"])
    func refusesMalformed(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func acceptsBareDates() {
        #expect(RFC3339.format(RFC3339.parseDateOrTime("2024-02-29")!) == "2024-02-29T00:00:00Z")
        #expect(RFC3339.parseDateOrTime("2023-02-29") == nil)
    }

    @Test func formatsBeforeEpoch() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func parsesUTF8BytesAsItParsesText() {
        for text in ["2026-11-28T09:12:00Z", "2026-01-01T01:30:00+02:00", "2026-11-28T09:12:00.250Z", "2026-02-30T00:00:00Z", ""] {
            #expect(Array(text.utf8).withUnsafeBytes { RFC3339.parse(utf8: $0) } == RFC3339.parse(text))
        }
    }

    @Test func formatsEveryFieldWithItsPadding() {
        let date = RFC3339.parse("0987-01-02T03:04:05.006Z")!
        #expect(RFC3339.format(date) == "0987-01-02T03:04:05Z")
        #expect(RFC3339.formatMillis(date) == "0987-01-02T03:04:05.006Z")
    }
}

import Foundation
import Testing
@testable import BreachDomain

@Suite struct ObligationDurationTests {
    @Test(arguments: [
        ("72h", ObligationDuration.hours(72)), ("72 hours", .hours(72)), ("1 hour", .hours(1)), ("72H", .hours(72)),
        ("60d", .days(60)), ("60 days", .days(60)), ("60 calendar days", .days(60)), ("1 day", .days(1)),
        ("1mo", .months(1)), ("1 month", .months(1)), ("3 months", .months(3)),
        ("4bd", .businessDays(4)), ("4 business days", .businessDays(4)), ("4 business_days", .businessDays(4)),
        ("4business-days", .businessDays(4)), ("  72h ", .hours(72)), ("87600h", .hours(87_600)),
    ])
    func parses(_ text: String, _ expected: ObligationDuration) throws {
        #expect(try ObligationDuration(parsing: text) == expected)
    }

    @Test(arguments: [
        ("-72h", "negative"), ("0h", "zero"), ("0 days", "zero"), ("1.5d", "fractional"), ("72", "no unit"),
        ("72w", "not a unit"), ("72 minutes", "not a unit"), ("soon", "not a duration"), ("", "empty"),
        ("87601h", "too long"), ("121mo", "too long"), ("99999999999999999999h", "too long"), ("+72h", "sign"),
        ("72 h h", "not a unit"),
    ])
    func refuses(_ text: String, _ reason: String) {
        #expect {
            try ObligationDuration(parsing: text)
        } throws: { error in
            (error as? ObligationDuration.ParseError)?.message.contains(reason) == true
        }
    }

    @Test func encodesAsCanonicalText() throws {
        let data = try JSONEncoder().encode([ObligationDuration.businessDays(4), .months(1)])
        #expect(String(decoding: data, as: UTF8.self) == #"["4bd","1mo"]"#)
        #expect(try JSONDecoder().decode([ObligationDuration].self, from: data) == [.businessDays(4), .months(1)])
        #expect(ObligationDuration.days(60).spelledOut == "60 calendar days")
    }

    @Test(arguments: [("48h", 172_800), ("30min", 1_800), ("2d", 172_800), ("1 hour", 3_600)])
    func parsesThresholds(_ text: String, _ seconds: Int) throws {
        #expect(try EscalationThreshold.seconds(parsing: text) == seconds)
    }

    @Test(arguments: ["-1h", "0h", "1.5h", "1mo", "4bd", "soon", "12"])
    func refusesThresholds(_ text: String) {
        #expect(throws: ObligationDuration.ParseError.self) { try EscalationThreshold.seconds(parsing: text) }
    }
}

import Foundation

/// Durations in reports: decimal hours with exactly two places (`10.00`, `-1.50`), rounded half away from zero.
public enum ReportHours {
    /// Hours between two instants, as a number rounded to two places.
    public static func hours(from start: Date, to end: Date) -> Double {
        hours(seconds: end.timeIntervalSince(start))
    }

    /// `seconds` as hours rounded to two places.
    public static func hours(seconds: Double) -> Double {
        Double(hundredths(seconds)) / 100
    }

    /// `seconds` as hours, formatted with two decimals.
    public static func format(seconds: Double) -> String {
        let value = hundredths(seconds)
        let magnitude = value.magnitude
        let fraction = magnitude % 100
        return (value < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// The text of hours between two instants, or nil when either is missing.
    public static func format(from start: Date?, to end: Date?) -> String? {
        guard let start, let end else { return nil }
        return format(seconds: end.timeIntervalSince(start))
    }

    private static func hundredths(_ seconds: Double) -> Int64 {
        Int64((seconds / 36).rounded(.toNearestOrAwayFromZero))
    }
}

import Foundation

/// Local dates and wall-clock times of an IANA time zone, converted to and from UTC instants.
///
/// Wall times that do not exist (the hour skipped when clocks go forward) or exist twice (the hour
/// repeated when they go back) resolve as Python's `zoneinfo` does with `fold=0`: with the offset in
/// force before the transition. A skipped 02:30 becomes 03:30 summer time; a repeated 02:30 is its
/// first occurrence (the earlier instant, so a deadline is never later than the law's).
public struct ZonedTime: Sendable {
    public let zone: TimeZone
    private static let secondsPerDay: Int64 = 86_400

    /// nil when `identifier` is not a time zone this system knows.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.zone = zone
    }

    public static let utc = ZonedTime(identifier: "UTC")!

    /// The local day (days since 1970-01-01) of `date` and the seconds into that day.
    public func split(_ date: Date) -> (day: Int64, timeOfDay: Double) {
        let local = date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))
        let day = Int64((local / Double(Self.secondsPerDay)).rounded(.down))
        return (day, local - Double(day * Self.secondsPerDay))
    }

    /// The instant of the wall time `timeOfDay` seconds into local day `day`.
    public func instant(day: Int64, timeOfDay: Double) -> Date {
        let local = Double(day * Self.secondsPerDay) + timeOfDay
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - 86_400))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local + 86_400))
        func valid(_ offset: Int) -> Bool { zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - Double(offset))) == offset }
        let offset = valid(before) ? before : (valid(after) ? after : before)
        return Date(timeIntervalSince1970: local - Double(offset))
    }
}

import Foundation

/// Fast, allocation-light RFC 3339 parsing and UTC formatting.
///
/// Foundation's date formatters are slow to create and locale-sensitive; every stored and exported
/// time in breach goes through here instead, so that all of them are UTC with a `Z`.
public enum RFC3339 {
    /// Formats `date` as `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, UTC).
    public static func format(_ date: Date) -> String {
        let seconds = Int64(floor(date.timeIntervalSince1970))
        return format(epochSeconds: seconds, millis: nil)
    }

    /// Formats `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (milliseconds, UTC), for recorded wall times.
    public static func formatMillis(_ date: Date) -> String {
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = Int64(floor(Double(totalMillis) / 1000))
        let millis = Int(totalMillis - seconds * 1000)
        return format(epochSeconds: seconds, millis: millis)
    }

    /// Formats only the calendar date, `YYYY-MM-DD`, in UTC.
    public static func formatDate(_ date: Date) -> String {
        let seconds = Int64(floor(date.timeIntervalSince1970))
        let (y, m, d) = civilFromDays(floorDiv(seconds, 86_400))
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    private static func format(epochSeconds: Int64, millis: Int?) -> String {
        let days = floorDiv(epochSeconds, 86_400)
        let secondOfDay = Int(epochSeconds - days * 86_400)
        let (y, m, d) = civilFromDays(days)
        // Written digit by digit into one buffer: projections and reports format millions of times.
        if (0...9999).contains(y) {
            // No array of fields: this runs for every time column of every projected row.
            return String(unsafeUninitializedCapacity: 24) { buffer in
                var index = 0
                func put(_ value: Int, _ width: Int, then separator: UInt8) {
                    var divisor = width == 4 ? 1000 : width == 3 ? 100 : 10
                    while divisor > 0 {
                        buffer[index] = UInt8(ascii: "0") + UInt8(value / divisor % 10)
                        index += 1
                        divisor /= 10
                    }
                    buffer[index] = separator
                    index += 1
                }
                let dash = UInt8(ascii: "-"), colon = UInt8(ascii: ":")
                put(y, 4, then: dash)
                put(m, 2, then: dash)
                put(d, 2, then: UInt8(ascii: "T"))
                put(secondOfDay / 3600, 2, then: colon)
                put(secondOfDay % 3600 / 60, 2, then: colon)
                if let millis {
                    put(secondOfDay % 60, 2, then: UInt8(ascii: "."))
                    put(millis, 3, then: UInt8(ascii: "Z"))
                } else {
                    put(secondOfDay % 60, 2, then: UInt8(ascii: "Z"))
                }
                return index
            }
        }
        var text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))"
        if let millis { text += ".\(pad(millis, 3))" }
        return text + "Z"
    }

    /// Parses an RFC 3339 date-time (`2026-11-28T09:12:00Z`, optional fraction, `Z` or `±HH:MM`).
    ///
    /// Returns nil for anything else, including out-of-range fields such as February 30.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Parses an RFC 3339 date-time given as UTF-8 bytes (a column read straight from SQLite); see `parse(_:)`.
    public static func parse(utf8 raw: UnsafeRawBufferPointer) -> Date? {
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        guard bytes.count >= 20 else { return nil }
        guard let year = number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
              let month = number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"),
              let day = number(bytes, 8, 2),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
              let hour = number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"),
              let minute = number(bytes, 14, 2), bytes[16] == UInt8(ascii: ":"),
              let second = number(bytes, 17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, let digit = digit(bytes[index]) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard bytes.count == index + 6, let oh = number(bytes, index + 1, 2),
                  bytes[index + 3] == UInt8(ascii: ":"), let om = number(bytes, index + 4, 2),
                  oh <= 23, om <= 59
            else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        // An offset can push the instant out of years 0000–9999, which no UTC time breach writes can express.
        guard seconds >= utcRange.lowerBound, seconds < utcRange.upperBound else { return nil }
        // A fraction never carries into the next second: a Double near year 9999 cannot hold .999…, and
        // rounding 9999-12-31T23:59:59.999…Z up would make a year-10000 time nothing can format and re-parse.
        return Date(timeIntervalSince1970: min(Double(seconds) + fraction, Double(seconds + 1).nextDown))
    }

    /// The instants (seconds since 1970) that `format` can write: 0000-01-01T00:00:00Z up to the end of 9999.
    static let utcRange = daysFromCivil(year: 0, month: 1, day: 1) * 86_400 ..< daysFromCivil(year: 10_000, month: 1, day: 1) * 86_400

    /// Parses either an RFC 3339 date-time or a bare `YYYY-MM-DD` date (midnight UTC).
    public static func parseDateOrTime(_ text: String) -> Date? {
        if let date = parse(text) { return date }
        let bytes = Array(text.utf8)
        guard bytes.count == 10, let year = number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
              let month = number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"),
              let day = number(bytes, 8, 2), (1...12).contains(month), day >= 1,
              day <= daysInMonth(year: year, month: month)
        else { return nil }
        return Date(timeIntervalSince1970: Double(daysFromCivil(year: year, month: month, day: day) * 86_400))
    }

    /// The number of days in a month of the proleptic Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a count of days since 1970-01-01.
    public static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 48 && byte <= 57 ? Int(byte - 48) : nil
    }

    private static func number<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ start: Int, _ length: Int) -> Int? where Bytes.Index == Int {
        guard start + length <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + length) {
            guard let digit = digit(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

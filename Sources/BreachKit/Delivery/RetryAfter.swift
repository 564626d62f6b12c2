import Foundation

/// Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3).
public enum RetryAfter {
    /// Seconds to wait: `value` is either a non-negative integer number of
    /// seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime form), taken
    /// relative to `now`. A date in the past gives 0. Returns nil when the
    /// value is neither.
    public static func parse(_ value: String, now: Date) -> TimeInterval? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return TimeInterval(text.prefix(12)) ?? nil
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            let normalized = format.hasPrefix("EEE MMM")
                ? text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                : text
            if let date = formatter.date(from: normalized) {
                return max(0, date.timeIntervalSince(now))
            }
        }
        return nil
    }
}

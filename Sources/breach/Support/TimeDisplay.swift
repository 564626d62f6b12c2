import BreachKit
import Foundation

/// How human output shows times: UTC RFC 3339 with `Z` by default, the local zone with `--local`.
///
/// JSON, CSV and everything stored stay UTC whatever the flag says: only what a person reads changes.
struct TimeDisplay {
    /// The zone for `--local`; nil shows UTC.
    let localZone: TimeZone?
    /// Built once: a `DateFormatter` costs far more to make than to use, and a list formats every row.
    private let localFormatter: DateFormatter?

    init(local: Bool, zone: TimeZone = .current) {
        localZone = local ? zone : nil
        localFormatter = localZone.map { zone in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.timeZone = zone
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxxxx"
            return formatter
        }
    }

    /// `2026-11-28T09:12:00Z`, or with `--local` e.g. `2026-11-28T10:12:00+01:00`.
    func string(_ date: Date) -> String {
        localFormatter?.string(from: date) ?? RFC3339.format(date)
    }

    /// A stored RFC 3339 text shown the same way; left as it is if it does not parse.
    func string(stored text: String) -> String {
        RFC3339.parse(text).map(string) ?? text
    }
}

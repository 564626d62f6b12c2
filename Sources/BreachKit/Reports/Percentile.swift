/// Percentiles by linear interpolation between closest ranks (Hyndman & Fan type 7).
///
/// The same method as Excel's `PERCENTILE.INC` / `MEDIAN`, LibreOffice's `PERCENTILE` and NumPy's
/// default, so the compliance team can reproduce every figure in a spreadsheet. For sorted values
/// x₀ … xₙ₋₁ and p in [0, 1]: h = (n − 1)·p, and the percentile is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
/// The median is the 50th percentile (the mean of the two middle values for an even count).
public enum Percentile {
    /// The `p`-quantile (0 ≤ p ≤ 1) of `values`, or nil when there are none.
    public static func of(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        return ofSorted(values.sorted(), p)
    }

    /// The same for values already in ascending order.
    public static func ofSorted(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let clamped = min(max(p, 0), 1)
        let h = Double(sorted.count - 1) * clamped
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    /// The arithmetic mean, or nil when there are no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}

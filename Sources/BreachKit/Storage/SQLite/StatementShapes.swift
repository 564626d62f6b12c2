/// Splits a batch of `count` items into runs for statements of a few fixed sizes: `largest` at a time,
/// then what is left in halving sizes (…, 4, 2, 1).
///
/// Each size is one statement text, prepared once per connection (GRDB's statement cache). A statement
/// sized to each batch's own count would be prepared anew almost every time, and a statement per item pays
/// SQLite's per-statement work (starting, halting, resetting the program) for every one.
enum StatementShapes {
    /// The runs, in order, covering `0..<count`.
    static func runs(of count: Int, largest: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        var size = largest
        while start < count {
            while size > count - start { size /= 2 }
            runs.append(start..<start + size)
            start += size
        }
        return runs
    }
}

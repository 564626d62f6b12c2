/// "Did you mean …?" for misspelt keys and names: the closest candidate by edit distance.
enum PlaybookSuggestion {
    /// The candidate within two edits of `word` (or within a third of its length, whichever is more),
    /// or nil when none is that close.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let word = Array(word.lowercased())
        let limit = max(2, word.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            guard let found = distance(word, Array(candidate), atMost: limit) else { continue }
            if best == nil || found < best!.distance || (found == best!.distance && candidate < best!.candidate) {
                best = (candidate, found)
            }
        }
        return best?.candidate
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        return distance(a, b, atMost: max(a.count, b.count))!
    }

    /// Levenshtein distance over characters when it is at most `limit`, or nil.
    ///
    /// Bounded because the word is user input: a 4,000-character key compared with every allowed key
    /// would cost length × length per candidate for a suggestion that can never be within the limit.
    /// Lengths further apart than the limit are refused at once, and a row whose every cell is past
    /// the limit ends the walk (cells never decrease from one row to the next along a path).
    static func distance(_ a: [Character], _ b: [Character], atMost limit: Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}

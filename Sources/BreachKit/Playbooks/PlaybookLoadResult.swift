/// The outcome of checking one playbook file: the playbook when it is valid, and every problem found.
public struct PlaybookLoadResult: Sendable, Equatable {
    /// Nil whenever `errors` is not empty: a playbook with any problem is never used.
    public var playbook: Playbook?
    public var errors: [PlaybookError]
    /// The `calendar:` values, for the loader to check against the calendars folder.
    public var calendarReferences: [CalendarReference]

    public init(playbook: Playbook?, errors: [PlaybookError], calendarReferences: [CalendarReference] = []) {
        self.playbook = errors.isEmpty ? playbook : nil
        self.errors = errors
        self.calendarReferences = calendarReferences
    }
}

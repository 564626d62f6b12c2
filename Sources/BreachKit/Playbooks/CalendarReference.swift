/// A `calendar:` value in a playbook and where it is written, so that a calendar missing from the
/// calendars folder is reported at its line and column.
public struct CalendarReference: Sendable, Equatable {
    public var id: String
    public var line: Int
    public var column: Int

    public init(id: String, line: Int, column: Int) {
        self.id = id
        self.line = line
        self.column = column
    }
}

/// Every problem found while loading one or more playbooks; thrown when there is at least one.
public struct PlaybookErrorList: Error, Sendable, Equatable, CustomStringConvertible {
    /// In file order, then line order.
    public var errors: [PlaybookError]

    public init(_ errors: [PlaybookError]) {
        self.errors = errors
    }

    /// One problem per line, each `file:line:column: message`.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}

/// One task on a stage's checklist, checked off with `breach check-item`.
public struct ChecklistItem: Codable, Sendable, Equatable, Hashable {
    /// Unique within the playbook (not just the stage), because `check-item` names an item by id alone.
    public var id: String
    /// What the responder has to do, as shown in `breach show`.
    public var text: String
    /// Whether `advance` refuses to leave the stage while this item is open.
    public var required: Bool

    public init(id: String, text: String, required: Bool = false) {
        self.id = id
        self.text = text
        self.required = required
    }
}

import Foundation

/// One problem in a playbook file, located by file, line and column, with a message that says the fix.
///
/// Loading collects every problem it finds rather than stopping at the first (see `PlaybookErrorList`),
/// so one `breach playbook validate` run shows an author everything to correct.
public struct PlaybookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is; a struct rather than an enum so new codes do not break callers.
    public struct Code: RawRepresentable, Sendable, Equatable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file could not be read (missing, unreadable, not UTF-8).
        public static let unreadable = Code(rawValue: "unreadable")
        /// The YAML itself is malformed (indentation, quoting, tabs, duplicate keys).
        public static let malformedYAML = Code(rawValue: "malformed-yaml")
        /// The file is too large, a list too long, or aliases expand it past `YAMLBudget`.
        public static let tooComplex = Code(rawValue: "too-complex")
        /// A key the playbook format does not know: usually a typo.
        public static let unknownKey = Code(rawValue: "unknown-key")
        /// A required key is absent or empty.
        public static let missingKey = Code(rawValue: "missing-key")
        /// A value of the wrong shape: a list where a mapping belongs, text where true/false belongs.
        public static let wrongType = Code(rawValue: "wrong-type")
        /// An id that breaks the spelling rule (`PlaybookIdentifier`).
        public static let invalidID = Code(rawValue: "invalid-id")
        /// A checklist keyed by something that is not a stage with a checklist.
        public static let unknownStage = Code(rawValue: "unknown-stage")
        /// The same id used twice where ids must be unique.
        public static let duplicateID = Code(rawValue: "duplicate-id")
        /// An anchor that is not `declared`, `aware`, `determined` or `fulfilled:<id>`.
        public static let unknownAnchor = Code(rawValue: "unknown-anchor")
        /// `fulfilled:<id>` naming an obligation the playbook does not have.
        public static let unknownObligation = Code(rawValue: "unknown-obligation")
        /// `fulfilled:` anchors that wait on each other in a circle, so none could ever start.
        public static let anchorCycle = Code(rawValue: "anchor-cycle")
        /// A duration that is malformed, negative, zero, fractional or too long.
        public static let invalidDuration = Code(rawValue: "invalid-duration")
        /// An escalation threshold that is malformed, not positive, repeated or not shorter than the duration.
        public static let invalidThreshold = Code(rawValue: "invalid-threshold")
        /// A channel other than `email` or `webhook`.
        public static let unknownChannel = Code(rawValue: "unknown-channel")
        /// An audience with neither roles nor tags, which would match every contact.
        public static let emptyAudience = Code(rawValue: "empty-audience")
        /// An audience scope other than `affected` or `registry`.
        public static let unknownScope = Code(rawValue: "unknown-scope")
        /// A Mustache template that does not compile, or uses a variable or feature breach does not provide.
        public static let templateSyntax = Code(rawValue: "template-syntax")
        /// A holiday that is not a real `YYYY-MM-DD` date.
        public static let invalidHoliday = Code(rawValue: "invalid-holiday")
        /// A playbook whose `id` differs from its file name.
        public static let fileNameMismatch = Code(rawValue: "file-name-mismatch")
        /// A `calendar:` naming no file in the calendars folder.
        public static let unknownCalendar = Code(rawValue: "unknown-calendar")
        /// A calendar file that cannot be used: unknown time zone, bad covered years, a holiday outside them.
        public static let invalidCalendar = Code(rawValue: "invalid-calendar")
        /// A `milestone:` anchor naming a milestone the playbook does not list.
        public static let unknownMilestone = Code(rawValue: "unknown-milestone")
        /// A `requires_facts` key, or a `fact_` template variable, the playbook does not declare.
        public static let unknownFact = Code(rawValue: "unknown-fact")
        /// An `applies_when:` condition that does not parse or could never be true (a number compared with text).
        public static let invalidCondition = Code(rawValue: "invalid-condition")
        /// An obligation of a regime playbook (`regime:`) that does not cite its `source:`.
        public static let missingSource = Code(rawValue: "missing-source")
        /// A directory with no playbook files in it.
        public static let noPlaybooks = Code(rawValue: "no-playbooks")
    }

    public var code: Code
    /// The file as the user named it (path or bare name).
    public var file: String
    /// 1-based; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based; 0 when unknown.
    public var column: Int
    /// What is wrong and how to fix it, in one sentence or two.
    public var message: String

    public init(code: Code, file: String, line: Int, column: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the format editors and CI annotations understand.
    public var description: String {
        if line > 0 {
            return column > 0 ? "\(file):\(line):\(column): \(message)" : "\(file):\(line): \(message)"
        }
        return "\(file): \(message)"
    }
}

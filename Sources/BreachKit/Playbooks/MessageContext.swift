import Foundation

/// The values an obligation's message template can use, as Mustache variables.
///
/// | variable | value |
/// |---|---|
/// | `incident_id` | `INC-7` |
/// | `incident_title` | the title given to `detect` |
/// | `kind` | the playbook id, e.g. `data-breach` |
/// | `severity` | `low`, `medium`, `high` or `critical` |
/// | `stage` | the current stage id |
/// | `summary` | the `--summary` text (absent when none) |
/// | `detected_at`, `declared_at`, `aware_at`, `determined_at` | RFC 3339 UTC; absent when not recorded |
/// | `obligation_id`, `obligation_title` | the obligation being notified |
/// | `due_at` | the obligation's due time, RFC 3339 UTC; absent while unknown |
/// | `contact_name` | the recipient's name (absent when the message goes to several at once) |
/// | `fact_<key>` | an incident fact (`breach facts --set`) the playbook declares; absent while not set |
/// | `supplement` | the reason of a supplementary notice (`notify --supplement R`); absent otherwise |
///
/// Absent values render as nothing, and make `{{#summary}}…{{/summary}}` sections disappear.
public struct MessageContext: Sendable, Equatable {
    public var incidentID: String
    public var incidentTitle: String
    public var kind: String
    public var severity: Severity
    public var stage: Stage
    public var summary: String?
    public var detectedAt: Date
    public var declaredAt: Date?
    public var awareAt: Date?
    public var determinedAt: Date?
    public var obligationID: String
    public var obligationTitle: String
    public var dueAt: Date?
    public var contactName: String?
    /// Incident facts by key; templates see them as `fact_<key>`.
    public var facts: [String: String] = [:]
    /// The reason given to `notify --supplement`, for a supplementary notice.
    public var supplementReason: String?

    public init(
        incidentID: String, incidentTitle: String, kind: String, severity: Severity, stage: Stage,
        summary: String? = nil, detectedAt: Date, declaredAt: Date? = nil, awareAt: Date? = nil,
        determinedAt: Date? = nil, obligationID: String, obligationTitle: String, dueAt: Date? = nil,
        contactName: String? = nil
    ) {
        self.incidentID = incidentID
        self.incidentTitle = incidentTitle
        self.kind = kind
        self.severity = severity
        self.stage = stage
        self.summary = summary
        self.detectedAt = detectedAt
        self.declaredAt = declaredAt
        self.awareAt = awareAt
        self.determinedAt = determinedAt
        self.obligationID = obligationID
        self.obligationTitle = obligationTitle
        self.dueAt = dueAt
        self.contactName = contactName
    }

    /// Every variable name a template may use; the validator refuses any other, to catch typos that
    /// would otherwise render as silent blanks in a regulator's inbox.
    public static let variableNames: [String] = [
        "incident_id", "incident_title", "kind", "severity", "stage", "summary",
        "detected_at", "declared_at", "aware_at", "determined_at",
        "obligation_id", "obligation_title", "due_at", "contact_name", "supplement",
    ]

    /// The variables with their values; absent (nil or empty) values are left out.
    public var variables: [String: String] {
        var values: [String: String] = [
            "incident_id": incidentID,
            "incident_title": incidentTitle,
            "kind": kind,
            "severity": severity.rawValue,
            "stage": stage.rawValue,
            "detected_at": RFC3339.format(detectedAt),
            "obligation_id": obligationID,
            "obligation_title": obligationTitle,
        ]
        let optional: [(String, String?)] = [
            ("summary", summary),
            ("declared_at", declaredAt.map(RFC3339.format)),
            ("aware_at", awareAt.map(RFC3339.format)),
            ("determined_at", determinedAt.map(RFC3339.format)),
            ("due_at", dueAt.map(RFC3339.format)),
            ("contact_name", contactName),
            ("supplement", supplementReason),
        ]
        for case let (name, value?) in optional where !value.isEmpty {
            values[name] = value
        }
        for (key, value) in facts where !value.isEmpty { values[PlaybookFact.templateVariable(key)] = value }
        return values
    }
}

/// One of the five stages an incident moves through, in order.
///
/// Stages only move forward (`advance`); the one way back is `reopen` from `closed`.
public enum Stage: String, Codable, Sendable, CaseIterable, Comparable {
    case detect
    case assess
    case diagnose
    case stabilize
    case closed

    /// Parses a stage id or one of its aliases (`recover` for `stabilize`, `close` for `closed`).
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "recover": self = .stabilize
        case "close": self = .closed
        default:
            guard let stage = Stage(rawValue: text.lowercased()) else { return nil }
            self = stage
        }
    }

    /// The position of the stage in the process, from 0 (`detect`) to 4 (`closed`).
    public var order: Int { Stage.allCases.firstIndex(of: self)! }

    /// The stage after this one, or nil for `closed`.
    public var next: Stage? {
        let index = order + 1
        return index < Stage.allCases.count ? Stage.allCases[index] : nil
    }

    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.order < rhs.order }

    /// The accepted spellings, for error messages.
    public static let acceptedNames = "detect, assess, diagnose, stabilize (alias recover), closed (alias close)"
}

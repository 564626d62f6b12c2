import BreachKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the terminal can show: colour on stdout, a progress line on stderr.
///
/// Colour only when stdout is a terminal and `NO_COLOR` is unset or empty (no-color.org) and `TERM`
/// is not `dumb`, so pipes, files, cron mail and CI logs never see escape codes.
struct Terminal {
    let colour: Bool
    /// Stderr is a terminal: a progress line may be drawn there (and erased).
    let interactiveStderr: Bool

    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Terminal {
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        return Terminal(colour: isatty(STDOUT_FILENO) == 1 && !noColour,
                        interactiveStderr: isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb")
    }

    /// ANSI SGR styles used in human output.
    enum Style: String {
        case bold = "1", dim = "2", red = "31", boldRed = "1;31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36"
    }

    /// `text` in `style` when colour is on; unchanged otherwise.
    func paint(_ text: String, _ style: Style?) -> String {
        guard colour, let style, !text.isEmpty else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }

    /// A stage name in its colour: the further along, the calmer.
    func stage(_ name: String) -> String {
        let style: Style? = switch Stage(parsing: name) {
        case .detect: .yellow
        case .assess: .magenta
        case .diagnose: .cyan
        case .stabilize: .blue
        case .closed: .dim
        case nil: nil
        }
        return paint(name, style)
    }

    /// "due in 5h 12m" (yellow within a day) or "overdue by 2h" (red), for a deadline `seconds` away.
    func countdown(seconds: Double) -> String {
        let text = Countdown.describe(seconds: seconds)
        return paint(text, seconds < 0 ? .boldRed : seconds < 86_400 ? .yellow : nil)
    }

    /// An SLA verdict or obligation status in its colour.
    func verdict(_ text: String) -> String {
        let style: Style? = switch text {
        case "met", "delivered": .green
        case "missed", "failed", "OVERDUE": .boldRed
        case "pending", "retrying", "queued": .yellow
        case "waived", "withdrawn", "not_declared": .dim
        default: nil
        }
        return paint(text, style)
    }

    /// The number of columns `text` takes on screen: escape sequences take none.
    static func visibleWidth(_ text: String) -> Int {
        // Printable ASCII (nearly every cell): one column per byte, without walking its characters.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var width = 0, inEscape = false
        for character in text {
            if inEscape {
                if character == "m" { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }
}

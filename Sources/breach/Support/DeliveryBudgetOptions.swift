import ArgumentParser
import BreachKit
import Foundation

/// `--max-seconds` for the commands that send (`check`, `notify`): the run's time budget for deliveries.
///
/// The default keeps a `*/5` cron job from overlapping itself: after 4 minutes no attempt starts, and
/// what was not attempted stays queued, leased to nobody, with its next attempt time, for the next run.
struct DeliveryBudgetOptions: ParsableArguments {
    static let defaultSeconds = 240.0

    @Option(name: .customLong("max-seconds"),
            help: ArgumentHelp("Start no delivery after this many seconds; the rest stay queued for the next run (default 240, under a 5-minute cron interval).",
                               valueName: "seconds"))
    var maxSeconds: String?

    /// The budget in seconds; a bad value is one line and exit 64, before anything is written.
    func seconds() throws -> Double {
        guard let text = maxSeconds else { return Self.defaultSeconds }
        guard let value = Double(text), value.isFinite, value > 0, value <= 86_400 else {
            throw BreachError.invalidInput("--max-seconds '\(TextRules.printable(text))' is not a number of seconds above 0 and at most 86400; e.g. --max-seconds 240")
        }
        return value
    }
}

extension NotificationOutbox.Progress {
    /// "1 024/10 000: 1 000 delivered, 20 retrying, 4 failed, 0 left queued", for the progress line.
    var line: String {
        "\(done)/\(claimed): \(delivered) delivered, \(retrying) retrying, \(failed) failed, \(deferred) left queued"
    }
}

extension ProgressLine {
    /// The progress line of a delivery run, or an inert one when stderr carries JSON records.
    static func delivery(_ label: String, format: LogFormat) -> ProgressLine {
        format == .json ? ProgressLine(label, terminal: Terminal(colour: false, interactiveStderr: false)) : ProgressLine(label)
    }
}

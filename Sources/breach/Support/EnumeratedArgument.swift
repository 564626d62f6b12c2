import ArgumentParser
import BreachKit
import Foundation

/// A command-line value from a fixed set — a stage, a severity, a report format — parsed by
/// ArgumentParser, so `--help` shows `(values: …)` and the shells complete them.
///
/// ArgumentParser's own message for a value it cannot convert is "The value 'x' is invalid for
/// '--to <stage>'" plus a list without aliases. breach says it in its own words instead, on one line,
/// naming the accepted spellings: `named(_:)` records what was refused, and `Breach.main` turns
/// ArgumentParser's error into `refusal(_:flag:)` (exit 64).
protocol EnumeratedArgument: ExpressibleByArgument, CaseIterable {
    /// The value `text` names (aliases and case as the command accepts them), or nil.
    static func value(named text: String) -> Self?

    /// The one-line usage message for `text`, which names no value, typed after `flag`.
    static func refusal(_ text: String, flag: String) -> String
}

extension EnumeratedArgument {
    /// `value(named:)`, remembering a refusal for `Breach.main`; the body of every `init?(argument:)`.
    static func named(_ text: String) -> Self? {
        guard let value = value(named: text) else {
            RefusedArgument.record(Self.self, text)
            return nil
        }
        return value
    }
}

/// The last enumerated value ArgumentParser could not convert, kept for the error message.
///
/// ArgumentParser wraps a refusal in an error that does not say which type refused or why; the type
/// is known only here, the flag only in ArgumentParser's message. A command line is parsed once, on
/// one thread, but the lock keeps the shared state honest for Swift's concurrency checking.
enum RefusedArgument {
    private nonisolated(unsafe) static var last: (type: any EnumeratedArgument.Type, text: String)?
    private static let lock = NSLock()

    static func record(_ type: any EnumeratedArgument.Type, _ text: String) {
        lock.withLock { last = (type, text) }
    }

    /// breach's message for a parse error whose ArgumentParser text is `message`, when it is the
    /// refusal of an enumerated value; nil for every other error.
    static func message(forParserMessage message: String) -> String? {
        guard let (type, text) = lock.withLock({ last }) else { return nil }
        // "The value 'x' is invalid for '--to <stage>'…", or "'<stage>'" for a positional argument.
        let prefix = "The value '\(text)' is invalid for '"
        guard message.hasPrefix(prefix) else { return nil }
        let rest = message.dropFirst(prefix.count)
        let flag = rest.prefix { $0 != " " && $0 != "'" }
        return type.refusal(text, flag: flag.isEmpty ? "the argument" : String(flag))
    }
}

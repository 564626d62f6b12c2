import ArgumentParser
import BreachKit
import Foundation

/// What the shells complete for breach's arguments.
///
/// Incident, contact and playbook ids are looked up when TAB is pressed: the completion script calls
/// back into `breach`, which reads the database read-only (`--db` on the command line being completed,
/// else `$BREACH_DB`, else `./breach.db`) or lists the playbooks folder. A lookup that fails offers
/// nothing rather than printing an error into the user's prompt.
enum Completions {
    static var incident: CompletionKind { .custom { words, _, _ in CompletionLookup(words: words).incidentIDs() } }
    static var contact: CompletionKind { .custom { words, _, _ in CompletionLookup(words: words).contactIDs() } }
    static var obligation: CompletionKind { .custom { words, _, _ in CompletionLookup(words: words).obligationIDs() } }
    static var playbook: CompletionKind { .custom { words, _, _ in CompletionLookup(words: words).playbookIDs() } }
    static var laterStage: CompletionKind { .list(Stage.allCases.filter { $0 != .detect && $0 != .closed }.map(\.rawValue)) }
    static var openStage: CompletionKind { .list(Stage.allCases.filter { $0 != .closed }.map(\.rawValue)) }
}

/// The look-ups behind `Completions`, given the words of the command line being completed.
struct CompletionLookup {
    let words: [String]
    var environment = ProcessInfo.processInfo.environment

    /// The value of `--name X` or `--name=X` on the command line, unquoted.
    func option(_ name: String) -> String? {
        for (index, word) in words.enumerated() {
            if word == name, index + 1 < words.count { return Self.unquoted(words[index + 1]) }
            if word.hasPrefix(name + "=") { return Self.unquoted(String(word.dropFirst(name.count + 1))) }
        }
        return nil
    }

    var databasePath: String {
        option("--db") ?? environment["BREACH_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "breach.db"
    }

    /// The database read for ids: read-only, never created.
    var identifiers: IdentifierLookup { IdentifierLookup(path: databasePath) }

    /// Incident ids, newest first (at most 500).
    func incidentIDs() -> [String] {
        identifiers.incidentIDs()
    }

    /// The obligation ids of the incident named on the command line, else of every incident.
    func obligationIDs() -> [String] {
        let incident = words.dropFirst().lazy.compactMap({ try? IncidentID.parse(Self.unquoted($0)) }).first
        return identifiers.obligationIDs(incidentID: incident)
    }

    func contactIDs() -> [String] {
        identifiers.contactIDs()
    }

    /// Playbook ids: the file names in the playbooks folder (the loader requires id = file name).
    func playbookIDs() -> [String] {
        let configured = (try? BreachConfiguration.load(explicitPath: option("--config"), environment: environment))?.playbooksDirectory
        guard let folder = CommandContext.playbooksDirectory(configured: configured, environment: environment),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
            .map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            .filter { !$0.hasPrefix(".") }
            .sorted()
    }

    private static func unquoted(_ word: String) -> String {
        var text = word
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            text = String(text.dropFirst().dropLast())
        }
        if text.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] { text = home + text.dropFirst() }
        return text
    }
}

import BreachDomain
import Foundation

/// Reads playbook YAML into a validated `Playbook`, or reports every problem with file, line and column.
public enum PlaybookLoader {
    /// Loads the playbook file at `url`.
    ///
    /// Besides the content checks, the file name (without `.yml`/`.yaml`) must equal the playbook's `id`,
    /// so that `ls Playbooks/` shows the kinds `detect --kind` accepts.
    /// - Throws: `PlaybookErrorList` with every problem found.
    public static func load(contentsOf url: URL) throws -> Playbook {
        let result = check(contentsOf: url)
        guard let playbook = result.playbook else { throw PlaybookErrorList(result.errors) }
        return playbook
    }

    /// Loads a playbook from YAML text; `fileName` only names the source in errors.
    /// - Throws: `PlaybookErrorList` with every problem found.
    public static func load(yaml: String, fileName: String) throws -> Playbook {
        let result = check(yaml: yaml, fileName: fileName)
        guard let playbook = result.playbook else { throw PlaybookErrorList(result.errors) }
        return playbook
    }

    /// Checks YAML text without throwing.
    public static func check(yaml: String, fileName: String) -> PlaybookLoadResult {
        let parser = PlaybookParser(file: fileName)
        let playbook = parser.parse(yaml: yaml)
        return PlaybookLoadResult(playbook: playbook, errors: parser.errors, calendarReferences: parser.calendarReferences)
    }

    /// Checks the file at `url` without throwing, including the file-name rule.
    ///
    /// Every `calendar:` must name a calendar of `calendars`, by default those of the `calendars/` folder
    /// beside the file.
    public static func check(contentsOf url: URL, calendars: [String: BusinessCalendar]? = nil) -> PlaybookLoadResult {
        let name = url.relativePath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return failure(name, "no such file; check the path (playbooks live in the Playbooks/ folder)")
        }
        guard !isDirectory.boolValue else {
            return failure(name, "is a directory; give a playbook file, or use PlaybookValidator for a whole folder")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return failure(name, "cannot be read; check its permissions")
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            return failure(name, "is not UTF-8 text; save it as UTF-8")
        }
        var result = check(yaml: yaml, fileName: name)
        let stem = url.deletingPathExtension().lastPathComponent
        if let playbook = result.playbook, playbook.id != stem {
            let mark = PlaybookParser.idMark(in: yaml)
            let error = PlaybookError(
                code: .fileNameMismatch, file: name, line: mark?.line ?? 0, column: mark?.column ?? 0,
                message: "playbook id '\(playbook.id)' does not match the file name '\(url.lastPathComponent)'; rename the file to \(playbook.id).yml or change the id to \(stem)")
            result = PlaybookLoadResult(playbook: nil, errors: [error])
        }
        if !result.calendarReferences.isEmpty {
            let folder = CalendarLoader.folder(ofPlaybooks: url.deletingLastPathComponent())
            let known = calendars ?? CalendarLoader.load(folder: folder).calendars
            var missing: [PlaybookError] = []
            for reference in result.calendarReferences where known[reference.id] == nil {
                let list = known.keys.sorted().joined(separator: ", ")
                missing.append(PlaybookError(code: .unknownCalendar, file: name, line: reference.line, column: reference.column,
                                             message: "calendar '\(reference.id)' is not in \(folder.relativePath)/ (\(list.isEmpty ? "it holds no valid calendar" : "calendars: " + list)); add \(reference.id).yml there or fix the name"))
            }
            if !missing.isEmpty { result = PlaybookLoadResult(playbook: nil, errors: result.errors + missing) }
        }
        return result
    }

    private static func failure(_ name: String, _ message: String) -> PlaybookLoadResult {
        PlaybookLoadResult(playbook: nil, errors: [PlaybookError(code: .unreadable, file: name, line: 0, column: 0, message: message)])
    }
}

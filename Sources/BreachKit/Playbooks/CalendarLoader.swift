import BreachDomain
import Foundation

/// Reads the holiday calendars of a playbooks folder (`<folder>/calendars/*.yml`).
public enum CalendarLoader {
    /// The calendars folder of a playbooks folder.
    public static func folder(ofPlaybooks directory: URL) -> URL {
        directory.appendingPathComponent("calendars", isDirectory: true)
    }

    /// Every valid calendar of `folder` by id, and the problems of the others. A missing folder is no
    /// calendars (playbooks naming one are then reported at their `calendar:` line).
    public static func load(folder: URL) -> (calendars: [String: BusinessCalendar], errors: [PlaybookError]) {
        guard let contents = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return ([:], []) }
        var calendars: [String: BusinessCalendar] = [:]
        var errors: [PlaybookError] = []
        for file in contents.filter({ !$0.hasPrefix(".") && ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) }).sorted() {
            let url = folder.appendingPathComponent(file)
            let (calendar, problems) = check(contentsOf: url)
            errors += problems
            if let calendar { calendars[calendar.id] = calendar }
        }
        return (calendars, errors)
    }

    /// Checks one calendar file, including that its id is its file name.
    public static func check(contentsOf url: URL) -> (BusinessCalendar?, [PlaybookError]) {
        let name = url.relativePath
        guard let data = FileManager.default.contents(atPath: url.path), let yaml = String(data: data, encoding: .utf8) else {
            return (nil, [PlaybookError(code: .unreadable, file: name, line: 0, column: 0, message: "cannot be read as UTF-8 text")])
        }
        let parser = PlaybookParser(file: name)
        guard let calendar = parser.parseCalendar(yaml: yaml) else { return (nil, parser.errors) }
        let stem = url.deletingPathExtension().lastPathComponent
        guard calendar.id == stem else {
            let mark = PlaybookParser.idMark(in: yaml)
            return (nil, [PlaybookError(code: .fileNameMismatch, file: name, line: mark?.line ?? 0, column: mark?.column ?? 0,
                                        message: "calendar id '\(calendar.id)' does not match the file name; rename the file to \(calendar.id).yml")])
        }
        return (calendar, [])
    }
}

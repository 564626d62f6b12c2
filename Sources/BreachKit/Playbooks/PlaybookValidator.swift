import Foundation

/// The strict check behind `breach playbook validate PATH`.
public enum PlaybookValidator {
    /// Every problem in the playbook file at `path`, or in every `*.yml`/`*.yaml` file of the folder at
    /// `path` (including ids defined twice); empty when all is well. Relative paths are resolved
    /// against the process's current directory.
    public static func validate(path: String) -> [PlaybookError] {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return [PlaybookError(code: .unreadable, file: path, line: 0, column: 0,
                                  message: "no such file or folder; give a playbook file or the folder holding them")]
        }
        if isDirectory.boolValue {
            let scan = PlaybookCatalog.scan(directory: url)
            return scan.fatal.map { [$0] } ?? scan.errors
        }
        return PlaybookLoader.check(contentsOf: url).errors
    }

    /// Calendars that business-day obligations count in and that run out before `horizonYear`: the
    /// warning `playbook validate` gives a year ahead (a due time needing an uncovered year is refused).
    public static func coverageWarnings(path: String, horizonYear: Int) -> [String] {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return [] }
        let folder = isDirectory.boolValue ? url : url.deletingLastPathComponent()
        let calendars = CalendarLoader.load(folder: CalendarLoader.folder(ofPlaybooks: folder)).calendars
        let playbooks: [Playbook]
        if isDirectory.boolValue {
            playbooks = PlaybookCatalog.scan(directory: url).playbooks
        } else {
            playbooks = PlaybookLoader.check(contentsOf: url, calendars: calendars).playbook.map { [$0] } ?? []
        }
        var warnings: [String] = []
        for playbook in playbooks {
            for id in Set(playbook.obligations.filter { $0.duration.unit == .businessDays }.compactMap(\.calendar)).sorted() {
                guard let calendar = calendars[id], calendar.lastYear < horizonYear else { continue }
                warnings.append("warning: calendar \(id) (used by \(playbook.id)) covers \(calendar.coverageText); within a year due times will need \(calendar.lastYear + 1), which declarations will refuse until calendars/\(id).yml lists it")
            }
        }
        return warnings
    }
}

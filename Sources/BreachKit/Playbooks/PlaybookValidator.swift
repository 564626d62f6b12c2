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
}

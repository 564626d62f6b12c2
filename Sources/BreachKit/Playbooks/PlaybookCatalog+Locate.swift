import Foundation

extension PlaybookCatalog {
    /// Finds the playbooks folder, trying in order:
    ///
    /// 1. `configured` (the config file's `playbooks:`), resolved against `currentDirectory` when relative;
    /// 2. `$BREACH_PLAYBOOKS`, likewise;
    /// 3. `<executable's folder>/../share/breach/Playbooks` (an installed copy);
    /// 4. the `Playbooks/` folder of the source checkout: the first folder above the executable that holds
    ///    both `Package.swift` and `Playbooks/` (so `.build/debug/breach` finds the repository's);
    /// 5. `<currentDirectory>/Playbooks`.
    ///
    /// An explicit setting (1 or 2) is returned even when the folder does not exist, so that a typo in it
    /// is reported rather than silently replaced by another folder. Steps 3 to 5 are taken only when the
    /// folder exists; both the executable path as given and with symbolic links resolved are tried.
    /// Returns nil when nothing is found.
    public static func locateDirectory(
        configured: String?, environment: [String: String], executablePath: String, currentDirectory: String
    ) -> URL? {
        let base = URL(fileURLWithPath: currentDirectory, isDirectory: true)
        for explicit in [configured, environment["BREACH_PLAYBOOKS"]] {
            if let explicit, !explicit.isEmpty {
                return URL(fileURLWithPath: explicit, isDirectory: true, relativeTo: base).standardizedFileURL
            }
        }
        let executable = URL(fileURLWithPath: executablePath, relativeTo: base).standardizedFileURL
        var folders = [executable.deletingLastPathComponent()]
        let resolved = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        if resolved != folders[0] { folders.append(resolved) }

        for folder in folders {
            let installed = folder.deletingLastPathComponent()
                .appendingPathComponent("share/breach/Playbooks", isDirectory: true).standardizedFileURL
            if isDirectory(installed) { return installed }
        }
        for folder in folders {
            var candidate = folder
            while true {
                let playbooks = candidate.appendingPathComponent("Playbooks", isDirectory: true)
                if isDirectory(playbooks), FileManager.default.fileExists(atPath: candidate.appendingPathComponent("Package.swift").path) {
                    return playbooks.standardizedFileURL
                }
                let parent = candidate.deletingLastPathComponent()
                if parent.path == candidate.path { break }
                candidate = parent
            }
        }
        let local = base.appendingPathComponent("Playbooks", isDirectory: true).standardizedFileURL
        return isDirectory(local) ? local : nil
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }
}

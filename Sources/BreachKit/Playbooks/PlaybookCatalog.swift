import BreachDomain
import Foundation

/// The playbooks available to incidents, by id (the incident kind).
///
/// Loading a folder is forgiving on purpose: a broken playbook is left out and its problems are kept in
/// `errors` (for the CLI to warn about), so one bad file cannot stop responders working incidents of
/// every other kind. `breach playbook validate` is the strict check.
public struct PlaybookCatalog: Sendable, Equatable {
    /// The kind a new incident gets when none is given: the seed's 72-hours-from-declaration process.
    public static let defaultPlaybookID = "data-breach"

    /// The folder the catalog was read from, if any.
    public let directory: URL?
    /// Every valid playbook, sorted by id.
    public let all: [Playbook]
    /// Problems of the files that were left out.
    public let errors: [PlaybookError]
    /// The holiday calendars (`calendars/*.yml`) by id.
    public let calendars: [String: BusinessCalendar]

    /// A catalog of playbooks already in memory (tests, embedded defaults).
    public init(playbooks: [Playbook], directory: URL? = nil, errors: [PlaybookError] = [], calendars: [String: BusinessCalendar] = [:]) {
        self.all = playbooks.sorted { $0.id < $1.id }
        self.directory = directory
        self.errors = errors
        self.calendars = calendars
    }

    /// Loads every `*.yml` and `*.yaml` file directly inside `directory` (hidden files are ignored).
    /// - Throws: `PlaybookErrorList` when the folder cannot be listed or holds no playbook file at all.
    public static func load(directory: URL) throws -> PlaybookCatalog {
        let scan = scan(directory: directory)
        if let fatal = scan.fatal { throw PlaybookErrorList([fatal]) }
        return PlaybookCatalog(playbooks: scan.playbooks, directory: directory, errors: scan.errors, calendars: scan.calendars)
    }

    /// The playbook for incident kind `id`.
    public func playbook(id: String) -> Playbook? {
        all.first { $0.id == id }
    }

    /// The ids of all valid playbooks, sorted.
    public var ids: [String] { all.map(\.id) }

    /// The outcome of reading a folder of playbooks.
    struct Scan {
        var playbooks: [Playbook] = []
        var errors: [PlaybookError] = []
        var calendars: [String: BusinessCalendar] = [:]
        /// Set when the folder itself is unusable; then nothing else is meaningful.
        var fatal: PlaybookError?
    }

    /// Reads every playbook file in `directory`, in file-name order; shared with `PlaybookValidator`.
    static func scan(directory: URL) -> Scan {
        var scan = Scan()
        let name = directory.relativePath
        let contents: [String]
        do {
            contents = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            scan.fatal = PlaybookError(code: .unreadable, file: name, line: 0, column: 0,
                                       message: "cannot list the playbooks folder; check that it exists and is readable")
            return scan
        }
        let files = contents.filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) }.sorted()
        guard !files.isEmpty else {
            scan.fatal = PlaybookError(code: .noPlaybooks, file: name, line: 0, column: 0,
                                       message: "holds no playbook (*.yml or *.yaml); point the playbooks setting or $BREACH_PLAYBOOKS at the folder that does")
            return scan
        }
        let (calendars, calendarErrors) = CalendarLoader.load(folder: CalendarLoader.folder(ofPlaybooks: directory))
        scan.calendars = calendars
        scan.errors += calendarErrors
        var seen: [String: String] = [:]
        for file in files {
            let url = directory.appendingPathComponent(file)
            let result = PlaybookLoader.check(contentsOf: url, calendars: calendars)
            scan.errors += result.errors
            guard let playbook = result.playbook else { continue }
            if let earlier = seen[playbook.id] {
                scan.errors.append(PlaybookError(
                    code: .duplicateID, file: url.relativePath, line: 0, column: 0,
                    message: "playbook id '\(playbook.id)' is already defined by \(earlier); keep one of the two files"))
                continue
            }
            seen[playbook.id] = file
            scan.playbooks.append(playbook)
        }
        return scan
    }
}

import Foundation

/// Folders of the source checkout, found from this file's path so tests run from any working directory.
enum PlaybookTestPaths {
    /// The checkout's root: three levels above `Tests/BreachKitTests/Playbooks/`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let playbooks = root.appendingPathComponent("Playbooks", isDirectory: true)
    static let brokenPlaybooks = root.appendingPathComponent("Fixtures/playbooks-broken", isDirectory: true)
}

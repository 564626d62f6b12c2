import Foundation

/// A fresh directory under the system temporary folder, removed with everything in it when released.
///
/// Hold one in a test suite's stored property: Swift Testing creates the suite for each test and
/// releases it afterwards, so every test gets its own directory.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    /// `label` names the folder (`breach-<label>-<uuid>`), to tell the tests' leftovers apart.
    public init(_ label: String = "tests") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("breach-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

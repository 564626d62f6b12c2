import BreachKit
import Foundation
import Testing

/// Loading a folder of playbooks, and finding that folder.
@Suite struct PlaybookCatalogTests {
    /// A fresh temporary folder for one test, removed when the test ends.
    final class TemporaryDirectory {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("breach-playbooks-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }

        @discardableResult
        func make(_ path: String) throws -> URL {
            let folder = url.appendingPathComponent(path, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder
        }

        func write(_ path: String, _ text: String) throws {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    static func playbook(_ id: String) -> String {
        "id: \(id)\ntitle: \(id)\ndescription: Test playbook \(id).\n"
    }

    @Test func loadsValidFilesAndKeepsTheProblemsOfBrokenOnes() throws {
        let temp = try TemporaryDirectory()
        try temp.write("zeta.yml", Self.playbook("zeta"))
        try temp.write("alpha.yaml", Self.playbook("alpha"))
        try temp.write("alpha.yml", Self.playbook("alpha"))
        try temp.write("broken.yml", "id: broken\ntitle: [\n")
        try temp.write("notes.txt", "not a playbook")
        try temp.write(".hidden.yml", "garbage: [")
        let catalog = try PlaybookCatalog.load(directory: temp.url)
        #expect(catalog.ids == ["alpha", "zeta"])
        #expect(catalog.playbook(id: "zeta")?.title == "zeta")
        #expect(catalog.playbook(id: "broken") == nil)
        #expect(catalog.errors.map(\.code) == [.duplicateID, .malformedYAML])
        #expect(catalog.errors.first?.message.contains("already defined by alpha.yaml") == true)
        let strict = PlaybookValidator.validate(path: temp.url.path)
        #expect(strict.map(\.code) == [.duplicateID, .malformedYAML])
    }

    @Test func refusesAMissingOrEmptyFolder() throws {
        let temp = try TemporaryDirectory()
        #expect(throws: PlaybookErrorList.self) { try PlaybookCatalog.load(directory: temp.url) }
        #expect(PlaybookValidator.validate(path: temp.url.path).map(\.code) == [.noPlaybooks])
        let missing = temp.url.appendingPathComponent("nope")
        #expect(throws: PlaybookErrorList.self) { try PlaybookCatalog.load(directory: missing) }
        #expect(PlaybookValidator.validate(path: missing.path).map(\.code) == [.unreadable])
        #expect(PlaybookLoader.check(contentsOf: temp.url).errors.map(\.code) == [.unreadable])
    }

    @Test func locatesTheConfiguredFolderFirstEvenIfMissing() throws {
        let temp = try TemporaryDirectory()
        let found = PlaybookCatalog.locateDirectory(
            configured: "conf/books", environment: ["BREACH_PLAYBOOKS": "/env/books"],
            executablePath: "/usr/bin/breach", currentDirectory: temp.url.path)
        #expect(found?.path == temp.url.appendingPathComponent("conf/books").standardizedFileURL.path)
    }

    @Test func locatesTheEnvironmentFolderSecond() {
        let found = PlaybookCatalog.locateDirectory(
            configured: nil, environment: ["BREACH_PLAYBOOKS": "/env/books"],
            executablePath: "/usr/bin/breach", currentDirectory: "/tmp")
        #expect(found?.path == "/env/books")
        let emptySetting = PlaybookCatalog.locateDirectory(
            configured: "", environment: ["BREACH_PLAYBOOKS": "/env/books"],
            executablePath: "/usr/bin/breach", currentDirectory: "/tmp")
        #expect(emptySetting?.path == "/env/books")
    }

    @Test func locatesAnInstalledCopyBeforeTheCheckout() throws {
        let temp = try TemporaryDirectory()
        let installed = try temp.make("prefix/share/breach/Playbooks")
        try temp.make("prefix/bin")
        try temp.write("prefix/Package.swift", "")
        try temp.make("prefix/Playbooks")
        let found = PlaybookCatalog.locateDirectory(
            configured: nil, environment: [:], executablePath: temp.url.appendingPathComponent("prefix/bin/breach").path,
            currentDirectory: "/")
        #expect(found?.resolvingSymlinksInPath().path == installed.resolvingSymlinksInPath().path)
    }

    @Test func locatesTheCheckoutFromTheBuildFolder() throws {
        let temp = try TemporaryDirectory()
        try temp.write("repo/Package.swift", "// swift-tools-version: 6.1")
        let playbooks = try temp.make("repo/Playbooks")
        try temp.make("repo/.build/x86_64-unknown-linux-gnu/debug/Playbooks-not-this")
        // A Playbooks/ folder without Package.swift beside it is not a checkout.
        try temp.make("repo/.build/Playbooks")
        let found = PlaybookCatalog.locateDirectory(
            configured: nil, environment: [:],
            executablePath: temp.url.appendingPathComponent("repo/.build/x86_64-unknown-linux-gnu/debug/breach").path,
            currentDirectory: "/")
        #expect(found?.resolvingSymlinksInPath().path == playbooks.resolvingSymlinksInPath().path)
    }

    @Test func fallsBackToTheCurrentDirectoryThenNothing() throws {
        let temp = try TemporaryDirectory()
        let exe = temp.url.appendingPathComponent("bin/breach").path
        #expect(PlaybookCatalog.locateDirectory(configured: nil, environment: [:], executablePath: exe,
                                                currentDirectory: temp.url.path) == nil)
        let local = try temp.make("Playbooks")
        let found = PlaybookCatalog.locateDirectory(configured: nil, environment: [:], executablePath: exe,
                                                    currentDirectory: temp.url.path)
        #expect(found?.path == local.standardizedFileURL.path)
    }

    @Test func theRealCheckoutIsFoundFromItsBuildFolder() {
        let exe = PlaybookTestPaths.root.appendingPathComponent(".build/debug/breach").path
        let found = PlaybookCatalog.locateDirectory(configured: nil, environment: [:], executablePath: exe, currentDirectory: "/")
        #expect(found?.resolvingSymlinksInPath().path == PlaybookTestPaths.playbooks.resolvingSymlinksInPath().path)
    }
}

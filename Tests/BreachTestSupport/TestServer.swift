import Foundation

/// A Python test server from scripts/testservers, started for one test.
///
/// Starts `python3 <script> --log <dir>/<name>.jsonl <arguments>`, waits for
/// `READY <port>` on its stdout, reads the JSON-lines log on demand, and
/// terminates the process when stopped or released.
public final class TestServer: @unchecked Sendable {
    public let port: Int
    public let logPath: String
    private let process: Process
    private let stderrPath: String

    /// scripts/testservers, found from this file's location.
    public static let scriptsDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // BreachTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("scripts/testservers", isDirectory: true)

    /// `launcher` prefixes the command, e.g. `TestNetwork.Host.launcher` to run the server on another test host.
    public init(script: String, arguments: [String] = [], directory: TemporaryDirectory, name: String? = nil,
                launcher: [String] = []) throws {
        let label = name ?? script.replacingOccurrences(of: ".py", with: "")
        logPath = directory.path("\(label).jsonl")
        stderrPath = directory.path("\(label).stderr")
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process = Process()
        let command = launcher + ["/usr/bin/env", "python3", Self.scriptsDirectory.appendingPathComponent(script).path, "--log", logPath]
            + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let process = self.process
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }
        var buffer = Data()
        var found: Int?
        while found == nil {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            for line in String(decoding: buffer, as: UTF8.self).split(separator: "\n") where line.hasPrefix("READY ") {
                found = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
            }
        }
        guard let port = found else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            throw TestSupportError("\(script) did not start: \(errors)")
        }
        self.port = port
    }

    /// Every JSON line logged so far.
    public func log() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// The log after waiting (up to `timeout` seconds) for at least `count` lines.
    public func log(atLeast count: Int, timeout: TimeInterval = 5) -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        var lines = log()
        while lines.count < count && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            lines = log()
        }
        return lines
    }

    public func url(_ path: String, scheme: String = "http") -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    /// SIGTERM, then SIGKILL if the server is still there after 3 s.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

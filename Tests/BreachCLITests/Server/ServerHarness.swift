import BreachTestSupport
import Foundation
import Testing

/// A real `breach serve` process on a free loopback port, over the test's own database, driven by curl.
final class ServerHarness {
    let cli: BreachCLI
    let process = Process()
    let baseURL: String
    private let outURL: URL, errURL: URL

    /// Starts the built binary with `--listen 127.0.0.1:0` and waits for its "listening on" line;
    /// `environment` overrides the run's (e.g. `BREACH_DB` as another PostgreSQL login).
    init(cli: BreachCLI, now: String? = BreachCLI.defaultNow, extra: [String] = [], environment: [String: String] = [:]) throws {
        self.cli = cli
        let binary = try #require(BreachCLI.executable, "the breach binary is not built; run `swift build --build-tests` first")
        let name = UUID().uuidString
        let errFile = cli.directory.url.appendingPathComponent("serve-\(name).err")
        outURL = cli.directory.url.appendingPathComponent("serve-\(name).out")
        errURL = errFile
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        process.executableURL = binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + extra + (now.map { ["--now", $0] } ?? [])
        process.currentDirectoryURL = cli.directory.url
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": cli.directory.url.path,
                               "LANG": "C.UTF-8", "BREACH_DB": cli.databasePath, "BREACH_ACTOR": cli.actor]
            .merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while found == nil && Date() < deadline && process.isRunning {
            let text = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                found = String(line.dropFirst("listening on ".count))
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            Issue.record("breach serve did not start: \((try? String(contentsOf: errFile, encoding: .utf8)) ?? "")")
            throw HarnessError.notStarted
        }
        baseURL = found
    }

    enum HarnessError: Error { case notStarted }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// What the server wrote to stderr so far (its access log).
    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// SIGTERM, then the exit status once it has drained.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    // MARK: - HTTP through curl

    struct Reply: CustomStringConvertible {
        let status: Int
        let headers: [String: String]
        let body: String

        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
        func object() throws -> [String: Any] { try #require(try json() as? [String: Any], "not a JSON object: \(body)") }
        /// The error code of a `{"error": {"code", "message"}}` body, or nil when the body has another shape.
        var errorCode: String? {
            guard let object = try? object(), let error = object["error"] as? [String: Any], object.count == 1, error.count == 2,
                  let message = error["message"] as? String, !message.isEmpty else { return nil }
            return error["code"] as? String
        }
        var description: String { "HTTP \(status) \(headers) \(body.prefix(2000))" }
    }

    /// One request with curl; `token` goes in `Authorization: Bearer`, `bodyFile` is sent as the body.
    func request(_ method: String, _ path: String, token: String? = nil, json: String? = nil, bodyFile: String? = nil,
                 headers: [String] = [], form: String? = nil) throws -> Reply {
        let dir = cli.directory.url
        let id = UUID().uuidString
        let headerFile = dir.appendingPathComponent("h-\(id)").path, bodyOut = dir.appendingPathComponent("b-\(id)").path
        defer { try? FileManager.default.removeItem(atPath: headerFile); try? FileManager.default.removeItem(atPath: bodyOut) }
        var arguments = ["-sS", "-X", method, "-D", headerFile, "-o", bodyOut, "-w", "%{http_code}"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        for header in headers { arguments += ["-H", header] }
        if let json {
            let file = dir.appendingPathComponent("j-\(id)").path
            try Data(json.utf8).write(to: URL(fileURLWithPath: file))
            arguments += ["-H", "Content-Type: application/json", "--data-binary", "@\(file)"]
        }
        if let bodyFile { arguments += ["-H", "Content-Type: application/json", "--data-binary", "@\(bodyFile)"] }
        if let form { arguments += ["--data-raw", form] }
        arguments.append(baseURL.hasPrefix("http") ? baseURL + path : "http://\(baseURL)\(path)")
        let output = try cli.execute(URL(fileURLWithPath: "/usr/bin/curl"), arguments, environment: [:])
        #expect(output.status == 0, "curl failed: \(output)")
        var fields: [String: String] = [:]
        let headerText = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        for line in headerText.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { fields[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        let body = (try? String(contentsOfFile: bodyOut, encoding: .utf8)) ?? ""
        return Reply(status: Int(output.stdout) ?? -1, headers: fields, body: body)
    }

    /// Creates a token with the CLI and returns it.
    static func token(_ cli: BreachCLI, _ name: String, scope: String) throws -> String {
        let output = try cli.run("token", "create", name, "--scope", scope)
        #expect(output.status == 0, "\(output)")
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

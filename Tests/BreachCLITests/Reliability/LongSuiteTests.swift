import BreachTestSupport
import Foundation
import Testing

/// The CI cut of the long reliability suites (scripts/torture-crash, scripts/soak).
///
/// The drivers live in scripts/reliability/ so that the long on-demand runs and these short ones are
/// the same code; each prints a `SUMMARY {json}` line with its figures and exits non-zero on any
/// broken guarantee, naming it on stderr.
@Suite("Reliability: crash torture and concurrency soak (short)", .serialized)
struct LongSuiteTests {
    @Test func killedNotifyAndChecksLoseNothingAndNeverClaimAFalseDelivery() throws {
        // 5 trials of 100 webhooks, notify and one check SIGKILLed at random moments each (on demand: 50 × 500, 3 kills).
        let summary = try Self.runDriver("torture_crash.py", "--trials", "5", "--notifications", "100", "--kills", "1")
        #expect(summary["trials"] as? Int == 5)
    }

    @Test func overlappingCheckersAndWritersKeepEveryEventAndSendNothingTwice() throws {
        // 8 s of 2 check loops and 4 writers (on demand: 60 s).
        let summary = try Self.runDriver("soak.py", "--seconds", "8")
        #expect(summary["problems"] as? Int == 0)
        #expect((summary["commands"] as? Int ?? 0) > 20, "the soak ran too few commands to mean anything: \(summary)")
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs a driver from scripts/reliability against the built binary; returns its SUMMARY figures.
    static func runDriver(_ script: String, _ arguments: String...) throws -> [String: Any] {
        let binary = try #require(BreachCLI.executable, "the breach binary is not built; run `swift build --build-tests` first")
        let directory = try TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/reliability/\(script)").path] + arguments + ["--binary", binary.path]
        let (outPath, errPath) = (directory.path("out"), directory.path("err"))
        for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let out = try String(contentsOfFile: outPath, encoding: .utf8), err = try String(contentsOfFile: errPath, encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(script) failed:\n\(err)\n\(out.suffix(2000))")
        let line = try #require(out.split(separator: "\n").last { $0.hasPrefix("SUMMARY ") }, "\(script) printed no SUMMARY:\n\(err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.dropFirst(8).utf8)) as? [String: Any])
    }
}

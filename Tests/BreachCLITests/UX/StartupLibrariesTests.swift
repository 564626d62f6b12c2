import Foundation
import Testing

/// libcurl and libpq are opened on first use, not by the dynamic loader at every start: a command that
/// sends nothing on a SQLite file maps neither library nor their dependency trees (issue 17, cold start).
/// The webhook and email suites show that sending still loads libcurl; the PostgreSQL suites, libpq.
@Suite struct StartupLibrariesTests {
    #if os(Linux)
    @Test func readingCommandsLoadNeitherLibcurlNorLibpq() throws {
        let cli = try BreachCLI()
        try cli.detect()
        for arguments in [["--help"], ["list", "--open"], ["show", "INC-1"]] {
            // glibc's loader names every shared object it maps on stderr when LD_DEBUG=files is set.
            let output = try cli.run(arguments, environment: ["LD_DEBUG": "files"])
            #expect(output.status == 0, "\(output)")
            let mapped = output.stderr.split(separator: "\n").filter { $0.contains("file=") }.joined(separator: "\n")
            #expect(mapped.contains("libsqlite3"), "\(arguments): the loader reported nothing: \(output.stderr.prefix(500))")
            #expect(!mapped.contains("libcurl"), "\(arguments): \(mapped)")
            #expect(!mapped.contains("libpq"), "\(arguments): \(mapped)")
        }
    }
    #endif
}

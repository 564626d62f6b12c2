import ArgumentParser
import BreachKit

/// `--output FILE [--force]`: where a report goes (standard output by default).
struct ReportOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write to this file (mode 0600) instead of standard output.", valueName: "file")) var output: String?
    @Flag(help: "Overwrite the --output file if it exists.") var force = false

    /// Runs `body` against the chosen output; a file appears only if the whole report was written.
    ///
    /// On a terminal, a progress line on stderr counts the rows written.
    func write(_ body: (any ReportOutput) throws -> Void) throws {
        try ProgressLine.run("writing the report") { progress in
            try write(progress: progress, body)
        }
    }

    private func write(progress: ProgressLine, _ body: (any ReportOutput) throws -> Void) throws {
        func counted(_ output: any ReportOutput) -> any ReportOutput {
            Terminal.current().interactiveStderr ? ProgressReportOutput(output, progress: progress) : output
        }
        guard let output else {
            let stdout = FileDescriptorOutput.standardOutput()
            try body(counted(stdout))
            try stdout.flush()
            return
        }
        let file = try ReportFile(path: output, force: force)
        do {
            try body(counted(file))
            try file.commit()
        } catch {
            file.abort()
            throw error
        }
    }
}

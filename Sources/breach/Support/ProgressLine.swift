import BreachKit
import Dispatch
import Foundation

/// A one-line progress indicator on stderr for long work (`rebuild`, `contact import`, big reports).
///
/// Drawn only when stderr is a terminal, and only once the work has taken longer than `delay`, so
/// quick commands never flicker and scripts, pipes and cron never see it. `finish()` erases it.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let started = DispatchTime.now()
    private let lock = NSLock()
    private var detail = ""
    private var drawn = false
    private var finished = false
    private var timer: DispatchSourceTimer?

    /// Starts the indicator (if stderr is a terminal); redraws every `interval` after `delay`.
    init(_ label: String, terminal: Terminal = .current(), delay: Double = 0.4, interval: Double = 0.2) {
        self.label = label
        enabled = terminal.interactiveStderr
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + delay, repeating: interval)
        timer.setEventHandler { [weak self] in self?.draw() }
        self.timer = timer
        timer.resume()
    }

    deinit { timer?.cancel() }

    /// Sets what is shown after the label, e.g. "12 000 rows".
    func update(_ detail: String) {
        guard enabled else { return }
        lock.withLock { self.detail = detail }
    }

    /// Stops redrawing and erases the line.
    func finish() {
        guard enabled else { return }
        timer?.cancel()
        lock.withLock {
            guard !finished else { return }
            finished = true
            if drawn { Self.write("\r\u{1B}[K") }
        }
    }

    /// Runs `body` with a progress line that is erased afterwards, whatever happens.
    static func run<T>(_ label: String, _ body: (ProgressLine) throws -> T) rethrows -> T {
        let progress = ProgressLine(label)
        defer { progress.finish() }
        return try body(progress)
    }

    private func draw() {
        lock.withLock {
            guard !finished else { return }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            let text = "\(label)…" + (detail.isEmpty ? "" : " \(detail)") + String(format: " (%.1f s)", seconds)
            Self.write("\r\u{1B}[K" + text)
            drawn = true
        }
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Passes a report through to `output`, counting its lines into a progress line.
final class ProgressReportOutput: ReportOutput {
    private let output: any ReportOutput
    private let progress: ProgressLine
    private var lines = 0

    init(_ output: any ReportOutput, progress: ProgressLine) {
        self.output = output
        self.progress = progress
    }

    func write(_ text: String) throws {
        let before = lines
        lines += text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        if lines / 1000 != before / 1000 { progress.update("\(lines / 1000 * 1000) rows") }
        try output.write(text)
    }

    func flush() throws { try output.flush() }
}

import BreachDomain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a report's text goes: standard output, a private file, or a string in tests.
///
/// Reports stream: rows are written as they are computed, so memory stays flat for 100 k incidents.
public protocol ReportOutput: AnyObject {
    /// Appends `text` (UTF-8).
    func write(_ text: String) throws
    /// Flushes buffered text.
    func flush() throws
}

/// Collects a report in memory (tests, small documents).
public final class StringOutput: ReportOutput {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) throws { self.text += text }
    public func flush() throws {}
}

/// Buffered writes to a file descriptor, retried on partial writes and interrupts.
public final class FileDescriptorOutput: ReportOutput {
    private let descriptor: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private static let capacity = 64 * 1024

    /// Standard output.
    public static func standardOutput() -> FileDescriptorOutput { FileDescriptorOutput(descriptor: 1, name: "standard output") }

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        buffer.reserveCapacity(Self.capacity)
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.capacity { try flush() }
    }

    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.removeAll(keepingCapacity: true)
                throw BreachError(.internalError, "cannot write the report to \(name): \(reason)")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A report file written privately (mode 0600) and never over an existing file unless forced.
///
/// The text goes to a temporary file in the same folder, which is renamed into place by `commit()`:
/// a failed or interrupted report never leaves half a file under the requested name.
public final class ReportFile: ReportOutput {
    public let path: String
    private let temporaryPath: String
    private let force: Bool
    private let output: FileDescriptorOutput
    private let descriptor: Int32
    private var finished = false
    private var closed = false

    /// Opens `path` for writing; refuses when it exists and `force` is false.
    public init(path: String, force: Bool) throws {
        guard !path.isEmpty else { throw BreachError.invalidInput("--output needs a file path") }
        self.path = path
        self.force = force
        if !force, Self.exists(path) {
            throw BreachError.refused("\(path) already exists; choose another --output file or add --force to overwrite it")
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        temporaryPath = folder + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        let fd = Glibc.open(temporaryPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw BreachError(.invalidFile, "cannot write \(path): \(reason); check that the folder exists and is writable")
        }
        fchmod(fd, 0o600)
        descriptor = fd
        output = FileDescriptorOutput(descriptor: fd, name: path)
    }

    deinit { if !finished { abort() } }

    public func write(_ text: String) throws { try output.write(text) }
    public func flush() throws { try output.flush() }

    /// Flushes, syncs and moves the file into place.
    public func commit() throws {
        guard !finished else { return }
        finished = true
        do {
            try output.flush()
            guard fsync(descriptor) == 0 else { throw BreachError(.internalError, "cannot write \(path): \(String(cString: strerror(errno)))") }
            closeOnce()
            if force {
                guard rename(temporaryPath, path) == 0 else { throw BreachError(.invalidFile, "cannot write \(path): \(String(cString: strerror(errno)))") }
            } else {
                // link() fails if the name appeared meanwhile: never clobber a file we were not told to.
                guard link(temporaryPath, path) == 0 else {
                    let code = errno
                    unlink(temporaryPath)
                    if code == EEXIST {
                        throw BreachError.refused("\(path) already exists; choose another --output file or add --force to overwrite it")
                    }
                    throw BreachError(.invalidFile, "cannot write \(path): \(String(cString: strerror(code)))")
                }
                unlink(temporaryPath)
            }
        } catch {
            closeOnce()
            unlink(temporaryPath)
            throw error
        }
    }

    private func closeOnce() {
        guard !closed else { return }
        closed = true
        close(descriptor)
    }

    /// Drops the temporary file; nothing appears under `path`.
    public func abort() {
        guard !finished else { return }
        finished = true
        closeOnce()
        unlink(temporaryPath)
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}

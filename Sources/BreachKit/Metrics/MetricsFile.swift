import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the metrics text for node_exporter's textfile collector: atomically, so a scrape never sees
/// half a file.
///
/// The text goes to a hidden temporary file in the same directory (same file system, and a name the
/// collector ignores since it does not end in `.prom`), is flushed to disk, then renamed over the target.
public enum MetricsFile {
    /// A metrics file that cannot be written; the message names the path, the reason and the fix.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Replaces `path` with `text` atomically (mode 0644).
    public static func write(_ text: String, to path: String) throws(WriteError) {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent().path
        let temporary = directory + "/." + target.lastPathComponent + ".tmp-\(getpid())"
        func fail(_ what: String) -> WriteError {
            WriteError(message: "cannot write the metrics file \(path): \(what) (\(String(cString: strerror(errno)))); "
                + "point --metrics-file at a writable file, e.g. in node_exporter's --collector.textfile.directory")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw fail("cannot create a file in \(directory)") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        // Flushed before the rename, so a crash leaves the old file or the new one, never an empty one.
        var failure: Error?
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            failure = error
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw WriteError(message: "cannot write the metrics file \(path): writing failed (\(failure.localizedDescription)); "
                + "point --metrics-file at a writable file, e.g. in node_exporter's --collector.textfile.directory")
        }
        if rename(temporary, path) != 0 {
            let error = errno
            unlink(temporary)
            errno = error
            throw fail("cannot replace it")
        }
    }

    /// The last successful check recorded in an earlier file at `path`, so that a failed run keeps it.
    public static func previousLastSuccess(at path: String) -> Date? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20 else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(BreachMetrics.lastSuccessName + " ") {
            if let value = Double(line.dropFirst(BreachMetrics.lastSuccessName.count + 1).trimmingCharacters(in: .whitespaces)),
               value.isFinite, value > 0 {
                return Date(timeIntervalSince1970: value)
            }
        }
        return nil
    }
}

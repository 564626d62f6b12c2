import BreachDomain
import Crypto
import Foundation

/// Reads an evidence file for `breach file` just far enough to keep its SHA-256 and size: the bytes are
/// never stored, so a screenshot of a regulator's portal cannot leak personal data into the log.
public enum EvidenceFile {
    /// The largest evidence file accepted: a portal receipt or a PDF, not a disk image.
    public static let maximumBytes: Int64 = 100 * 1024 * 1024

    /// The digest and size of the regular file at `path`, read in chunks.
    ///
    /// - Throws: `BreachError` (exit 64) when the file is missing, a directory or not a regular file,
    ///   unreadable, or larger than 100 MB.
    public static func digest(path: String) throws -> ObligationFiled.Evidence {
        let shown = TextRules.printable(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BreachError.invalidInput("--evidence \(shown): no such file; give the path of the receipt or screenshot to record")
        }
        guard !isDirectory.boolValue else {
            throw BreachError.invalidInput("--evidence \(shown) is a directory; give one file (zip a folder first)")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard (attributes?[.type] as? FileAttributeType) == .typeRegular, let size = (attributes?[.size] as? NSNumber)?.int64Value else {
            throw BreachError.invalidInput("--evidence \(shown) is not a regular file; give the receipt or screenshot itself")
        }
        guard size <= maximumBytes else {
            throw BreachError.invalidInput("--evidence \(shown) is \(size) bytes, over the 100 MB limit; record a smaller receipt (only its digest is kept)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BreachError.invalidInput("--evidence \(shown) cannot be read; check its permissions")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: Int64 = 0
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            total += Int64(chunk.count)
            guard total <= maximumBytes else {
                throw BreachError.invalidInput("--evidence \(shown) grew past the 100 MB limit while it was read; record a smaller receipt")
            }
            hasher.update(data: chunk)
        }
        let hex = EventHasher.hex(hasher.finalize())
        return ObligationFiled.Evidence(name: URL(fileURLWithPath: path).lastPathComponent, sha256: hex, size: total)
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Byte-level questions about a string, answered on its contiguous UTF-8 storage.
///
/// `String.UTF8View`'s generic `contains` and `allSatisfy` go index by index through the view (several
/// instructions per byte): a rendered message body scanned for a carriage return once per recipient was a
/// twentieth of queueing 10,000 notifications. Native Swift strings are always contiguous; the generic
/// walk remains for any other.
public enum UTF8Scan {
    /// True when `byte` occurs in `text`'s UTF-8.
    public static func contains(_ byte: UInt8, in text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }) {
            return found
        }
        return text.utf8.contains(byte)
    }

    /// True when every byte of `text` is printable ASCII (space to tilde); true for empty text.
    public static func isPrintableASCII(_ text: String) -> Bool {
        if let printable = text.utf8.withContiguousStorageIfAvailable(isPrintableASCII) { return printable }
        return text.utf8.allSatisfy(isPrintableASCII)
    }

    private static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where !isPrintableASCII(byte) { return false }
        return true
    }

    private static func isPrintableASCII(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }
}

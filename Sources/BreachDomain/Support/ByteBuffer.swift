/// A growable byte buffer reused from row to row, for the bytes of a bulk append (payload JSON, hash input,
/// bound text).
///
/// `Array.append(contentsOf:)` costs about a hundred instructions per call before it copies anything
/// (uniqueness and capacity checks, a generic copy through the standard library), and an append builds
/// some twenty pieces per event: that overhead outweighed the copying itself. Here an append is one
/// capacity check and a `memcpy`, numbers are written in place, and `removeAll()` keeps the storage.
/// A copy of the buffer shares its storage until either is written to (copy on write, like `Array`).
///
/// The hot methods are `@inlinable`: the append loop is in BreachKit, and a call across the module
/// boundary for every piece cost as much as the piece.
package struct ByteBuffer {
    @usableFromInline
    final class Storage {
        @usableFromInline let bytes: UnsafeMutableRawBufferPointer

        @usableFromInline
        init(capacity: Int) { bytes = .allocate(byteCount: capacity, alignment: 1) }

        deinit { bytes.deallocate() }
    }

    @usableFromInline var storage: Storage
    /// The number of bytes appended since the last `removeAll()`.
    @usableFromInline package internal(set) var count = 0

    package init(capacity: Int = 256) {
        storage = Storage(capacity: Swift.max(capacity, 32))
    }

    /// Forgets the contents, keeping the storage.
    @inlinable
    package mutating func removeAll() { count = 0 }

    @inlinable @inline(__always)
    package mutating func append(_ byte: UInt8) {
        reserve(1)
        storage.bytes[count] = byte
        count += 1
    }

    @inlinable @inline(__always)
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (storage.bytes.baseAddress! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    @inlinable
    package mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends the UTF-8 bytes of `text`, copied from the string's own storage in one go.
    @inlinable
    package mutating func append(_ text: String) {
        // Borrowed in place (no copy of the string, so no retain and release) whenever it is contiguous UTF-8.
        if text.utf8.withContiguousStorageIfAvailable({ append(UnsafeRawBufferPointer($0)) }) != nil { return }
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the bytes `body` writes through a cursor, at most `maxCount` of them.
    ///
    /// For a row's many small pieces: capacity is checked once here, and each write through the cursor
    /// is a bounds check and a copy (a write past `maxCount` stops the program rather than corrupt memory).
    @inlinable @inline(__always)
    package mutating func append(atMost maxCount: Int, _ body: (inout Cursor) -> Void) {
        reserve(maxCount)
        let start = storage.bytes.baseAddress! + count
        var cursor = Cursor(position: start, end: start + maxCount)
        body(&cursor)
        count += cursor.position - start
    }

    /// Writes into the space `append(atMost:_:)` reserved.
    package struct Cursor {
        @usableFromInline var position: UnsafeMutableRawPointer
        @usableFromInline let end: UnsafeMutableRawPointer

        @usableFromInline
        init(position: UnsafeMutableRawPointer, end: UnsafeMutableRawPointer) {
            self.position = position
            self.end = end
        }

        @inlinable
        package mutating func write(_ byte: UInt8) {
            precondition(position < end, "ByteBuffer.Cursor: write past the reserved space")
            position.storeBytes(of: byte, as: UInt8.self)
            position += 1
        }

        @inlinable
        package mutating func write(_ bytes: UnsafeRawBufferPointer) {
            guard let source = bytes.baseAddress else { return }
            precondition(bytes.count <= end - position, "ByteBuffer.Cursor: write past the reserved space")
            position.copyMemory(from: source, byteCount: bytes.count)
            position += bytes.count
        }

        /// Writes the UTF-8 bytes of `text`, copied from the string's own storage in one go.
        @inlinable
        package mutating func write(_ text: String) {
            if text.utf8.withContiguousStorageIfAvailable({ write(UnsafeRawBufferPointer($0)) }) != nil { return }
            var text = text
            text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
        }

        /// Writes the decimal text of `number`, as `String(number)` writes it.
        @inlinable
        package mutating func writeDecimal(_ number: Int64) {
            // Most numbers written are lengths and versions, one or two digits: no loops.
            if (0..<100).contains(number) {
                if number >= 10 { write(UInt8(ascii: "0") + UInt8(number / 10)) }
                write(UInt8(ascii: "0") + UInt8(number % 10))
                return
            }
            let length = ByteBuffer.decimalLength(number)
            precondition(length <= end - position, "ByteBuffer.Cursor: write past the reserved space")
            var digit = position + length
            // The magnitude as unsigned: Int64.min has no positive counterpart.
            var rest = number.magnitude
            repeat {
                digit -= 1
                digit.storeBytes(of: UInt8(ascii: "0") + UInt8(rest % 10), as: UInt8.self)
                rest /= 10
            } while rest > 0
            if number < 0 { position.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self) }
            position += length
        }
    }

    /// The number of characters of `number`'s decimal text, sign included (at most 20).
    @inlinable
    package static func decimalLength(_ number: Int64) -> Int {
        var length = number < 0 ? 2 : 1
        var rest = number.magnitude
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        return length
    }

    /// Calls `body` with the bytes appended since the last `removeAll()`.
    ///
    /// The storage stays alive for the call: `self`, which holds it, is borrowed until `body` returns
    /// (`withExtendedLifetime` here measurably cost a retain and a closure per call).
    @inlinable @inline(__always)
    package func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(rebasing: storage.bytes[..<count]))
    }

    /// Makes room for `extra` more bytes after `count`, in storage of its own: doubled when it is too
    /// small, copied when another `ByteBuffer` shares it.
    @inlinable @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > storage.bytes.count || !isKnownUniquelyReferenced(&storage) { grow(extra) }
    }

    /// The rare path of `reserve`, kept out of line.
    @usableFromInline @inline(never)
    mutating func grow(_ extra: Int) {
        let grown = Storage(capacity: Swift.max(count + extra, 2 * storage.bytes.count))
        grown.bytes.baseAddress!.copyMemory(from: storage.bytes.baseAddress!, byteCount: count)
        storage = grown
    }
}

import BreachDomain
import Crypto
import Foundation

/// The tamper-evident chain: each event's hash covers the previous hash and its own canonical bytes.
public enum EventHasher {
    /// The previous-hash of the very first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 (lowercase hex) of `previousHash` followed by the event's canonical bytes.
    ///
    /// Fields are length-prefixed so that no choice of field contents can make two different events
    /// serialise to the same bytes; the sequence number is included so reordering rows breaks the chain.
    public static func hash(previousHash: String, sequence: Int64, stream: String, version: Int, type: String,
                            schemaVersion: Int, payload: String, effectiveAt: String, recordedAt: String, actor: String) -> String {
        var canonical = Canonical()
        var payload = payload
        return payload.withUTF8 { payload in
            canonical.set(previousHash: previousHash, sequence: sequence, stream: stream, version: version, type: type,
                          schemaVersion: schemaVersion, effectiveAt: effectiveAt, recordedAt: recordedAt, actor: actor,
                          payload: UnsafeRawBufferPointer(payload))
            return hex(canonical.digest())
        }
    }

    /// Recomputes the hash of a stored event from its fields.
    public static func hash(of event: StoredEvent) -> String {
        hash(previousHash: event.previousHash, sequence: event.sequence, stream: event.stream, version: event.version,
             type: event.type, schemaVersion: event.schemaVersion, payload: event.payload, effectiveAt: event.effectiveAt,
             recordedAt: event.recordedAt, actor: event.actor)
    }

    /// The bytes an event's hash covers, built in one buffer that a bulk append reuses from event to event.
    ///
    /// One buffer, hashed once, built without intermediate strings: feeding the hasher field by field
    /// allocated two arrays per field, and a `String` per number and length was most of what remained.
    /// Text is copied from each string's UTF-8 storage in one go, never byte by byte.
    struct Canonical {
        private var bytes = ByteBuffer(capacity: 512)

        /// Replaces the contents with the canonical bytes of one event: the previous hash, then each field
        /// as `<decimal byte length>:<bytes>`, numbers in decimal. The payload comes as its UTF-8 bytes.
        mutating func set(previousHash: String, sequence: Int64, stream: String, version: Int, type: String,
                          schemaVersion: Int, effectiveAt: String, recordedAt: String, actor: String,
                          payload: UnsafeRawBufferPointer) {
            bytes.removeAll()
            // Room for the longest possible numbers: each field's length prefix, its `:` and at most 20
            // digits for a number, so that the cursor needs no capacity check of its own.
            let text = previousHash.utf8.count + stream.utf8.count + type.utf8.count + effectiveAt.utf8.count
                + recordedAt.utf8.count + actor.utf8.count + payload.count
            bytes.append(atMost: text + 9 * 22) { cursor in
                cursor.write(previousHash)
                Self.writeNumberField(sequence, to: &cursor)
                Self.writeField(stream, to: &cursor)
                Self.writeNumberField(Int64(version), to: &cursor)
                Self.writeField(type, to: &cursor)
                Self.writeNumberField(Int64(schemaVersion), to: &cursor)
                Self.writeField(effectiveAt, to: &cursor)
                Self.writeField(recordedAt, to: &cursor)
                Self.writeField(actor, to: &cursor)
                Self.writeField(utf8: payload, to: &cursor)
            }
        }

        /// SHA-256 of the bytes set last.
        func digest() -> SHA256.Digest {
            var hasher = SHA256()
            bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            return hasher.finalize()
        }

        private static func writeField(_ field: String, to cursor: inout ByteBuffer.Cursor) {
            if field.utf8.withContiguousStorageIfAvailable({ writeField(utf8: UnsafeRawBufferPointer($0), to: &cursor) }) != nil { return }
            var field = field
            field.withUTF8 { writeField(utf8: UnsafeRawBufferPointer($0), to: &cursor) }
        }

        /// `<decimal byte length>:<bytes>`.
        private static func writeField(utf8 field: UnsafeRawBufferPointer, to cursor: inout ByteBuffer.Cursor) {
            cursor.writeDecimal(Int64(field.count))
            cursor.write(UInt8(ascii: ":"))
            cursor.write(field)
        }

        /// A number as a field: its decimal text, length-prefixed like any other field.
        private static func writeNumberField(_ number: Int64, to cursor: inout ByteBuffer.Cursor) {
            cursor.writeDecimal(Int64(ByteBuffer.decimalLength(number)))
            cursor.write(UInt8(ascii: ":"))
            cursor.writeDecimal(number)
        }
    }

    /// Lowercase hex of a digest or MAC, written straight into the string's storage (64 characters for SHA-256).
    static func hex(_ digest: some ContiguousBytes) -> String {
        digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { output in
                // A table lookup per nibble: the branch per digit cost more than the rest of the loop.
                let digits = hexDigits.utf8Start
                var index = 0
                for byte in bytes {
                    output[index] = digits[Int(byte >> 4)]
                    output[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }

    private static let hexDigits: StaticString = "0123456789abcdef"
}

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
        // One buffer, hashed once, built without intermediate strings: feeding the hasher field by field
        // allocated two arrays per field, and a `String` per number and length was most of what remained.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(previousHash.utf8.count + payload.utf8.count + stream.utf8.count + type.utf8.count + actor.utf8.count + 128)
        bytes.append(contentsOf: previousHash.utf8)
        appendNumberField(sequence, to: &bytes)
        appendField(stream, to: &bytes)
        appendNumberField(Int64(version), to: &bytes)
        appendField(type, to: &bytes)
        appendNumberField(Int64(schemaVersion), to: &bytes)
        appendField(effectiveAt, to: &bytes)
        appendField(recordedAt, to: &bytes)
        appendField(actor, to: &bytes)
        appendField(payload, to: &bytes)
        return hex(SHA256.hash(data: bytes))
    }

    /// `<decimal byte length>:<bytes>`.
    private static func appendField(_ field: String, to bytes: inout [UInt8]) {
        appendDecimal(Int64(field.utf8.count), to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: field.utf8)
    }

    /// A number as a field: its decimal text, length-prefixed like any other field.
    private static func appendNumberField(_ number: Int64, to bytes: inout [UInt8]) {
        var length: Int64 = number < 0 ? 2 : 1
        var rest = number.magnitude
        while rest >= 10 { rest /= 10; length += 1 }
        appendDecimal(length, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDecimal(number, to: &bytes)
    }

    /// The decimal text of `number`, as `String(number)` writes it.
    static func appendDecimal(_ number: Int64, to bytes: inout [UInt8]) {
        if number < 0 {
            bytes.append(UInt8(ascii: "-"))
            // The magnitude as unsigned: Int64.min has no positive counterpart.
            appendMagnitude(number.magnitude, to: &bytes)
        } else {
            appendMagnitude(UInt64(number), to: &bytes)
        }
    }

    private static func appendMagnitude(_ value: UInt64, to bytes: inout [UInt8]) {
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// Recomputes the hash of a stored event from its fields.
    public static func hash(of event: StoredEvent) -> String {
        hash(previousHash: event.previousHash, sequence: event.sequence, stream: event.stream, version: event.version,
             type: event.type, schemaVersion: event.schemaVersion, payload: event.payload, effectiveAt: event.effectiveAt,
             recordedAt: event.recordedAt, actor: event.actor)
    }

    /// Lowercase hex of a digest or MAC, written straight into the string's storage (64 characters for SHA-256).
    static func hex(_ digest: some ContiguousBytes) -> String {
        digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { output in
                for (index, byte) in bytes.enumerated() {
                    output[2 * index] = hexDigit(byte >> 4)
                    output[2 * index + 1] = hexDigit(byte & 0x0F)
                }
                return bytes.count * 2
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

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
        // One buffer, hashed once: feeding the hasher field by field allocated two arrays per field.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(previousHash.utf8.count + payload.utf8.count + stream.utf8.count + type.utf8.count + actor.utf8.count + 96)
        bytes.append(contentsOf: previousHash.utf8)
        for field in [String(sequence), stream, String(version), type, String(schemaVersion), effectiveAt, recordedAt, actor, payload] {
            bytes.append(contentsOf: String(field.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: field.utf8)
        }
        return hex(SHA256.hash(data: bytes))
    }

    /// Recomputes the hash of a stored event from its fields.
    public static func hash(of event: StoredEvent) -> String {
        hash(previousHash: event.previousHash, sequence: event.sequence, stream: event.stream, version: event.version,
             type: event.type, schemaVersion: event.schemaVersion, payload: event.payload, effectiveAt: event.effectiveAt,
             recordedAt: event.recordedAt, actor: event.actor)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

import BreachDomain
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The Ed25519 key that signs checkpoints, kept outside the database (`audit.signing_key: file:PATH`).
///
/// The file holds the base64 of the key's 32 raw bytes on one line, and must be private to its owner
/// (no group or other permission bits), as ssh demands of a private key. `breach checkpoint
/// --generate-key PATH` makes one.
public struct CheckpointKey: Sendable {
    /// The key's 32 raw bytes (Crypto's key type is not Sendable; it is rebuilt to sign).
    let rawKey: Data
    var privateKey: Curve25519.Signing.PrivateKey {
        // Checked when loaded or generated: 32 bytes always make a key.
        (try? Curve25519.Signing.PrivateKey(rawRepresentation: rawKey)) ?? Curve25519.Signing.PrivateKey()
    }

    /// Base64 of the 32-byte public key: what witnesses and `audit.public_key` hold.
    public var publicKey: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }

    /// Reads the key named by a `file:/absolute/path` reference.
    public static func load(reference: String) throws -> CheckpointKey {
        guard reference.hasPrefix("file:/") else {
            throw BreachError(.invalidFile, "audit.signing_key must be file:/absolute/path of a key made by `breach checkpoint --generate-key PATH`")
        }
        let path = String(reference.dropFirst(5))
        var info = stat()
        guard stat(path, &info) == 0, let data = FileManager.default.contents(atPath: path) else {
            throw BreachError(.invalidFile, "the checkpoint signing key \(TextRules.printable(path)) cannot be read; check audit.signing_key")
        }
        if info.st_mode & 0o077 != 0 {
            throw BreachError(.invalidFile, "the checkpoint signing key \(TextRules.printable(path)) is readable by group or others; run chmod 600 on it")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), raw.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw BreachError(.invalidFile, "the checkpoint signing key \(TextRules.printable(path)) is not a base64 Ed25519 key; make one with `breach checkpoint --generate-key PATH`")
        }
        return CheckpointKey(rawKey: key.rawRepresentation)
    }

    /// Writes a new key to `path` (mode 0600; an existing file is never overwritten) and returns it.
    public static func generate(at path: String) throws -> CheckpointKey {
        let key = Curve25519.Signing.PrivateKey()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw BreachError(errno == EEXIST ? .refused : .invalidInput,
                              errno == EEXIST ? "\(TextRules.printable(path)) already exists; a signing key is never overwritten"
                                              : "cannot create \(TextRules.printable(path)): \(String(cString: strerror(errno)))")
        }
        let line = key.rawRepresentation.base64EncodedString() + "\n"
        let written = line.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        guard written == line.utf8.count else { throw BreachError(.internalError, "could not write the key to \(TextRules.printable(path))") }
        return CheckpointKey(rawKey: key.rawRepresentation)
    }

    /// Signs `(sequence, headHash, signedAt)`.
    public func sign(sequence: Int64, headHash: String, signedAt: Date) throws -> Checkpoint {
        let signature = try privateKey.signature(for: Checkpoint.signedBytes(sequence: sequence, headHash: headHash, signedAt: signedAt))
        return Checkpoint(sequence: sequence, headHash: headHash, signedAt: signedAt, publicKey: publicKey,
                          signature: signature.base64EncodedString())
    }

    /// Whether `checkpoint` carries a valid signature by `publicKey` (base64), or by its own key when nil.
    public static func isValid(_ checkpoint: Checkpoint, trustedKey: String?) -> Bool {
        guard let keyBytes = Data(base64Encoded: trustedKey ?? checkpoint.publicKey),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes),
              let signature = Data(base64Encoded: checkpoint.signature) else { return false }
        return key.isValidSignature(signature, for: checkpoint.signedBytes)
    }
}

import BreachDomain
import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// Issue 18: one rule for secrets from the environment and from files; secret files private like ssh keys.
@Suite("Contacts: resolving webhook secrets")
struct SecretResolutionTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory("secrets") }

    /// Writes `contents` to a file with `mode` and returns its `file:` reference.
    func secretFile(_ contents: String, mode: Int = 0o600) throws -> String {
        let path = directory.path("secret-\(UUID().uuidString)")
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return "file:" + path
    }

    func failure(_ result: Result<String, BreachError>) -> String? {
        if case let .failure(error) = result { return error.message }
        return nil
    }

    @Test(arguments: ["", "\n", "  \n\t"])
    func anEmptySecretFileIsRefusedLikeAnEmptyVariable(contents: String) throws {
        let file = try #require(failure(ContactValidation.resolveSecret(try secretFile(contents), environment: [:])))
        #expect(file.contains("is empty"), "\(file)")
        if !contents.isEmpty {
            let variable = try #require(failure(ContactValidation.resolveSecret("env:HOOK", environment: ["HOOK": contents])))
            #expect(variable.contains("HOOK is empty"), "\(variable)")
        }
        #expect(failure(ContactValidation.resolveSecret("env:HOOK", environment: ["HOOK": ""])) != nil)
    }

    @Test(arguments: [0o640, 0o604, 0o644, 0o660, 0o666])
    func aSecretFileReadableByOthersIsRefused(mode: Int) throws {
        let message = try #require(failure(ContactValidation.resolveSecret(try secretFile("s3cr3t\n", mode: mode), environment: [:])))
        #expect(message.contains("readable by group or others") && message.contains("chmod 600"), "\(message)")
        #expect(!message.contains("s3cr3t"))
    }

    @Test(arguments: [0o600, 0o400])
    func aPrivateSecretFileIsReadTrimmed(mode: Int) throws {
        let result = ContactValidation.resolveSecret(try secretFile("s3cr3t\n", mode: mode), environment: [:])
        #expect(try result.get() == "s3cr3t")
    }

    @Test func aMissingSecretFileIsRefused() {
        #expect(failure(ContactValidation.resolveSecret("file:" + directory.path("absent"), environment: [:]))?.contains("cannot be read") == true)
    }
}

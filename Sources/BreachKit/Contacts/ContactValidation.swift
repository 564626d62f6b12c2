import BreachDomain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks a contact before it enters the registry: ids, channels, secret references.
public enum ContactValidation {
    /// The most tags one contact may carry.
    public static let maxTags = 100

    /// Returns the contact with trimmed fields, or throws a usage error naming the field and the fix.
    public static func validated(_ contact: Contact) throws -> Contact {
        var contact = contact
        _ = try Contact.validateIdentifier(contact.id, field: "contact id")
        contact.name = try TextRules.line(contact.name, field: "contact name", maxLength: TextRules.maxTitleLength)
        _ = try Contact.validateIdentifier(contact.role, field: "role")
        // Bounded, and de-duplicated with a set: tags are a few names, and 30 000 of them once took minutes.
        guard contact.tags.count <= maxTags else {
            throw BreachError.invalidInput("contact \(contact.id) has \(contact.tags.count) tags; the limit is \(maxTags)")
        }
        var seenTags = Set<String>()
        for tag in contact.tags { _ = try Contact.validateIdentifier(tag, field: "tag") }
        contact.tags = contact.tags.filter { seenTags.insert($0).inserted }
        if let email = contact.email, let problem = EmailAddressValidator.problem(with: email) {
            throw BreachError.invalidInput("contact \(contact.id): \(problem)")
        }
        if let url = contact.webhookURL, let problem = WebhookURLValidator.problem(with: url) {
            throw BreachError.invalidInput("contact \(contact.id): \(problem)")
        }
        guard contact.email != nil || contact.webhookURL != nil else {
            throw BreachError.invalidInput("contact \(contact.id) has no channel; give --email and/or --webhook")
        }
        if let reference = contact.webhookSecretRef {
            guard contact.webhookURL != nil else {
                throw BreachError.invalidInput("contact \(contact.id): a webhook secret needs a webhook URL")
            }
            try validateSecretReference(reference)
        } else if contact.webhookFormat == .standard {
            throw BreachError.invalidInput("contact \(contact.id): the standard webhook format signs every request; give --webhook-secret env:VAR or file:/path naming a whsec_ secret")
        }
        if let bundle = contact.caBundle {
            try PathRules.validate(bundle, field: "contact \(contact.id): --ca-bundle")
        }
        if let bundle = contact.caBundle, !bundle.hasPrefix("/") {
            throw BreachError.invalidInput("contact \(contact.id): --ca-bundle must be an absolute path to a PEM file")
        }
        return contact
    }

    /// A secret is referenced as `env:NAME` or `file:/absolute/path`; the secret itself is never stored.
    public static func validateSecretReference(_ reference: String) throws {
        if reference.hasPrefix("env:") {
            let name = reference.dropFirst(4)
            let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
                && !(name.first?.isNumber ?? true)
            if valid { return }
        } else if reference.hasPrefix("file:/"), !reference.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            return
        }
        throw BreachError.invalidInput("webhook secret must name where the secret is kept — env:VARIABLE or file:/absolute/path — never the secret itself")
    }

    /// Refuses a `standard`-format contact whose secret can be read here but is not in the `whsec_<base64>` form.
    ///
    /// The secret may live only in the checker's environment, so one that cannot be read now is left to
    /// the outbox, which keeps its notifications queued and says why until it can.
    public static func checkStandardWebhookSecret(of contact: Contact, environment: [String: String]) throws {
        guard contact.webhookFormat == .standard, let reference = contact.webhookSecretRef,
              case let .success(secret) = resolveSecret(reference, environment: environment) else { return }
        do {
            _ = try StandardWebhookSigner.key(fromSecret: secret)
        } catch {
            throw BreachError.invalidInput("contact \(contact.id): the secret in \(reference) \(error.message)")
        }
    }

    /// Resolves a secret reference at send time; nil with a reason when it cannot be used.
    ///
    /// One rule for both sources: a secret that is empty (or only whitespace) is refused — an empty key
    /// would sign with nothing a receiver could trust. A secret file must also be private to its owner
    /// (no group or other permission bits), as ssh demands of a private key.
    public static func resolveSecret(_ reference: String, environment: [String: String]) -> Result<String, BreachError> {
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            guard let value = environment[name], !value.isEmpty else {
                return .failure(BreachError(.invalidInput, "webhook secret variable \(name) is not set in the environment"))
            }
            return usable(value, source: "webhook secret variable \(name)")
        }
        let path = String(reference.dropFirst(5))
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failure(BreachError(.invalidInput, "webhook secret file \(TextRules.printable(path)) cannot be read"))
        }
        if info.st_mode & 0o077 != 0 {
            return .failure(BreachError(.invalidInput, "webhook secret file \(TextRules.printable(path)) is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 on it"))
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return .failure(BreachError(.invalidInput, "webhook secret file \(TextRules.printable(path)) cannot be read"))
        }
        return usable(text.trimmingCharacters(in: .whitespacesAndNewlines), source: "webhook secret file \(TextRules.printable(path))")
    }

    /// The rule every secret passes, whatever its source: not empty, not only whitespace.
    static func usable(_ secret: String, source: String) -> Result<String, BreachError> {
        guard !secret.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .failure(BreachError(.invalidInput, "\(source) is empty; put the shared secret in it"))
        }
        return .success(secret)
    }
}

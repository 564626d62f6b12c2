import BreachDomain
@testable import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// `--config`, else `$BREACH_CONFIG`, else `./breach.yml`; bad files refused with their line; secrets never in the file.
@Suite struct BreachConfigurationTests {
    @Test func anExplicitPathWinsOverTheEnvironment() throws {
        let directory = try TemporaryDirectory()
        try "escalation:\n  - explicit\n".write(toFile: directory.path("a.yml"), atomically: true, encoding: .utf8)
        try "escalation:\n  - from-env\n".write(toFile: directory.path("b.yml"), atomically: true, encoding: .utf8)
        let explicit = try BreachConfiguration.load(explicitPath: directory.path("a.yml"), environment: ["BREACH_CONFIG": directory.path("b.yml")])
        #expect(explicit.escalationContacts == ["explicit"])
        let fromEnvironment = try BreachConfiguration.load(explicitPath: nil, environment: ["BREACH_CONFIG": directory.path("b.yml")])
        #expect(fromEnvironment.escalationContacts == ["from-env"])
    }

    @Test func aMissingNamedFileIsNotFound() {
        #expect(throws: BreachError.notFound("cannot read configuration /nonexistent/breach.yml; check --config / $BREACH_CONFIG")) {
            try BreachConfiguration.load(explicitPath: "/nonexistent/breach.yml", environment: [:])
        }
    }

    @Test func smtpSettingsParseAndAPasswordInTheFileIsRefusedWithItsLine() throws {
        let good = try BreachConfiguration.parse("""
            smtp:
              url: smtps://mail.example.com:465
              from: breach@example.com
              password_env: BREACH_SMTP_PASSWORD
            """, fileName: "breach.yml")
        #expect(good.smtp?.url == "smtps://mail.example.com:465")
        #expect(good.smtp?.passwordEnvironmentVariable == "BREACH_SMTP_PASSWORD")
        do {
            _ = try BreachConfiguration.parse("smtp:\n  url: smtp://127.0.0.1:25\n  from: a@example.com\n  password: hunter2\n", fileName: "breach.yml")
            Issue.record("a password in the file was accepted")
        } catch let error as BreachError {
            #expect(error.code == .invalidFile)
            #expect(error.message.hasPrefix("breach.yml:4: smtp.password is not accepted"))
            #expect(!error.message.contains("hunter2"))
        }
    }
}

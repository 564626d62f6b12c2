import Foundation
import Testing
@testable import BreachDomain

/// `BreachError` keeps the lower-level error it explains, while what the user sees — and what
/// equality compares — stays the code and the one-line message.
@Suite("BreachError")
struct BreachErrorTests {
    @Test func keepsItsCause() throws {
        // Given a decoding failure wrapped as a database error
        let decoding = EventDecodingError(type: "incident.detected", reason: "field 'title' is missing or malformed")
        let error = BreachError(.database, "event #3 (type incident.detected) cannot be decoded", cause: decoding)
        // Then the cause is there to inspect, and the description is the message alone
        #expect(error.cause as? EventDecodingError == decoding)
        #expect(error.description == "event #3 (type incident.detected) cannot be decoded")
        #expect(BreachError.refused("no").cause == nil)
        #expect(BreachError.invalidInput("bad", cause: decoding).cause is EventDecodingError)
    }

    @Test func equalityIsCodeAndMessage() throws {
        let cause = EventDecodingError(type: "t", reason: "r")
        #expect(BreachError(.database, "m", cause: cause) == BreachError(.database, "m"))
        #expect(BreachError(.database, "m") != BreachError(.database, "other"))
        #expect(BreachError(.database, "m") != BreachError(.internalError, "m"))
    }

    @Test func crossesConcurrencyDomainsWithItsCause() async throws {
        let error = BreachError(.database, "m", cause: EventDecodingError(type: "t", reason: "r"))
        let received = await Task.detached { error }.value
        #expect(received.cause is EventDecodingError)
    }
}

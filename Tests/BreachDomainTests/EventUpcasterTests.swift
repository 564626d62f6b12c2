import Foundation
import Testing
@testable import BreachDomain

@Suite("EventUpcaster")
struct EventUpcasterTests {
    /// An old payload kept as a fixture, read from `Fixtures/events/` beside this file.
    private func fixture(_ name: String) throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/events/\(name)")
        return try JSONValue.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    @Test func upcastsTheV1PrototypeDetection() throws {
        // Given the v1 payload the prototype wrote (name, capitalised severity, no summary)
        let v1 = try fixture("incident.detected.v1.json")
        // When it is upcast and decoded
        let current = try EventUpcaster.upcast(type: "incident.detected", schemaVersion: 1, payload: v1)
        let event = try IncidentEvent(type: "incident.detected", payload: current)
        // Then it is today's detected event
        #expect(event == .detected(title: "Old prototype incident", kind: "data-breach", severity: .high, summary: nil))
    }

    @Test func leavesCurrentPayloadsAlone() throws {
        let payload = Sample.detected.payload
        #expect(try EventUpcaster.upcast(type: "incident.detected", schemaVersion: 2, payload: payload) == payload)
        #expect(try EventUpcaster.upcast(type: "incident.note_added", schemaVersion: 1, payload: .object([("text", .string("x"))]))
            == .object([("text", .string("x"))]))
    }

    @Test func refusesASchemaNewerThanItKnows() {
        let error = #expect(throws: EventDecodingError.self) {
            try EventUpcaster.upcast(type: "incident.detected", schemaVersion: 3, payload: .object([]))
        }
        #expect(error?.description.contains("upgrade breach") == true)
    }

    @Test func refusesAV1PayloadWithoutAName() {
        #expect(throws: EventDecodingError.self) {
            try EventUpcaster.upcast(type: "incident.detected", schemaVersion: 1, payload: .object([("kind", .string("x"))]))
        }
    }
}

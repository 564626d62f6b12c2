import Testing
@testable import BreachDomain

@Suite("IncidentID")
struct IncidentIDTests {
    @Test(arguments: [("INC-7", "INC-7"), ("inc-7", "INC-7"), ("Inc-12", "INC-12"), ("7", "INC-7"), ("INC-007", "INC-7"),
                      ("INC-999999999", "INC-999999999")])
    func normalisesAcceptedSpellings(_ text: String, _ canonical: String) throws {
        #expect(try IncidentID.parse(text) == canonical)
    }

    @Test(arguments: ["", "INC-", "INC", "INC-0", "0", "-1", "INC--1", "INC-1a", "INC-1.5", " INC-1", "INC-1 ", "INCX-1", "INC_1",
                      "INC-1234567890", "INC-١", "INC-+1", "INC-1\n"])
    func refusesAnythingElseWithAHint(_ text: String) {
        expectRefusal(.invalidInput, mentioning: "is not an incident id", "INC-12") { _ = try IncidentID.parse(text) }
    }

    @Test func makesIdsInOrder() {
        #expect((1...3).map(IncidentID.make) == ["INC-1", "INC-2", "INC-3"])
        #expect(IncidentID.number(of: "INC-42") == 42)
    }
}

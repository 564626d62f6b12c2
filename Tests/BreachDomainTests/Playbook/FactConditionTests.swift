import Foundation
import Testing
@testable import BreachDomain

/// The `applies_when:` language: parsing, the canonical text, evaluation over facts, and the type check
/// that refuses a condition which could never be true.
@Suite struct FactConditionTests {
    static let types: [String: FactType] = ["residents.CA": .number, "residents.NY": .number, "personal_data": .boolean,
                                            "ransom_paid": .boolean, "sector": .text]

    func holds(_ text: String, _ facts: [String: String]) throws -> Bool {
        try FactCondition(parsing: text).holds { facts[$0] }
    }

    @Test func comparesNumbersBooleansAndText() throws {
        #expect(try holds("residents.CA > 500", ["residents.CA": "501"]))
        #expect(try !holds("residents.CA > 500", ["residents.CA": "500"]))
        #expect(try holds("residents.CA >= 500", ["residents.CA": "500"]))
        #expect(try holds("residents.CA < 500", ["residents.CA": "499"]))
        #expect(try holds("residents.CA <= 500", ["residents.CA": "500"]))
        #expect(try holds("residents.CA == 7", ["residents.CA": "7"]))
        #expect(try holds("residents.CA != 7", ["residents.CA": "8"]))
        #expect(try holds("personal_data == true", ["personal_data": "true"]))
        #expect(try holds("ransom_paid", ["ransom_paid": "true"]))
        #expect(try !holds("ransom_paid", ["ransom_paid": "false"]))
        #expect(try holds("sector == \"health care\"", ["sector": "health care"]))
        #expect(try holds("sector != \"bank\"", ["sector": "health care"]))
    }

    @Test func aFactNotSetIsNeverANumberButABooleanNotSetIsFalse() throws {
        #expect(try !holds("residents.CA > 500", [:]))
        #expect(try !holds("residents.CA < 500", [:]))
        #expect(try !holds("residents.CA != 3", [:]))
        #expect(try !holds("ransom_paid", [:]))
        #expect(try holds("ransom_paid != true", [:]))
        #expect(try holds("ransom_paid == false", [:]))
        #expect(try !holds("sector == \"bank\"", [:]))
    }

    @Test func andBindsTighterThanOrAndParenthesesGroup() throws {
        let facts = ["residents.CA": "600", "residents.NY": "0", "personal_data": "false"]
        #expect(try holds("residents.NY > 0 and personal_data or residents.CA > 500", facts))
        #expect(try !holds("residents.NY > 0 and (personal_data or residents.CA > 500)", facts))
        let parsed = try FactCondition(parsing: "(residents.NY > 0 or residents.CA > 500) and personal_data != true")
        #expect(parsed.text == "(residents.NY > 0 or residents.CA > 500) and personal_data != true")
        #expect(try FactCondition(parsing: parsed.text) == parsed)
        #expect(parsed.facts == ["residents.NY", "residents.CA", "personal_data"])
    }

    @Test(arguments: [
        ("residents.CA >", "needs a value"),
        ("residents.CA > 5 residents.NY", "unexpected 'residents.NY'"),
        ("(residents.CA > 5", "never closed"),
        ("residents.CA => 5", "not an operator"),
        ("residents.CA > 5.5", "not a whole number"),
        ("not ransom_paid", "'not' is not part of the language"),
        ("residents.CA > residents.NY", "never compared with a fact"),
        ("sector == \"open", "never closed"),
        ("", "ends where a fact was expected"),
        ("residents.CA > 5 and", "ends where a fact was expected"),
        ("residents.CA ~ 5", "unexpected character '~'"),
    ])
    func refusesWhatDoesNotParse(_ text: String, _ says: String) {
        #expect {
            _ = try FactCondition(parsing: text)
        } throws: { error in
            (error as? FactConditionSyntaxError)?.message.contains(says) == true
        }
    }

    @Test func typeProblemsNameWhatCanNeverBeTrue() throws {
        #expect(try FactCondition(parsing: "residents.CA > 500 and ransom_paid").typeProblems(Self.types).isEmpty)
        #expect(try FactCondition(parsing: "residents.CA == \"many\"").typeProblems(Self.types).first?.contains("number fact and \"many\" is a text") == true)
        #expect(try FactCondition(parsing: "sector > 3").typeProblems(Self.types).first?.contains("can never be true") == true)
        #expect(try FactCondition(parsing: "sector > \"a\"").typeProblems(Self.types).first?.contains("orders numbers") == true)
        #expect(try FactCondition(parsing: "personal_data == 1").typeProblems(Self.types).first?.contains("boolean fact and 1 is a number") == true)
        #expect(try FactCondition(parsing: "residents.CA").typeProblems(Self.types).first?.contains("on its own it is never true") == true)
        #expect(try FactCondition(parsing: "residents.TX > 0").typeProblems(Self.types).first?.contains("does not declare") == true)
    }

    @Test func factTypesAcceptTheirValues() {
        #expect(FactType.number.accepts("600"))
        #expect(!FactType.number.accepts("six hundred"))
        #expect(!FactType.number.accepts("-1"))
        #expect(!FactType.number.accepts("1,000"))
        #expect(FactType.boolean.accepts("true") && FactType.boolean.accepts("false"))
        #expect(!FactType.boolean.accepts("yes"))
        #expect(FactType.text.accepts("anything"))
    }

    @Test func dottedFactKeysNameAQualifier() {
        #expect(PlaybookFact.isValidKey("residents.CA"))
        #expect(PlaybookFact.isValidKey("nature_of_breach"))
        #expect(!PlaybookFact.isValidKey("residents."))
        #expect(!PlaybookFact.isValidKey("residents.CA.LA"))
        #expect(!PlaybookFact.isValidKey("Residents.CA"))
        #expect(PlaybookFact.templateVariable("residents.CA") == "fact_residents_CA")
    }
}

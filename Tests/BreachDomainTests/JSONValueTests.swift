import Foundation
import Testing
@testable import BreachDomain

@Suite("JSONValue")
struct JSONValueTests {
    private let document: JSONValue = .object([
        ("title", .string("quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} del \u{7F}")),
        ("unicode", .string("café – 東京 – 😀 – \u{2028}\u{2029}")),
        ("numbers", .array([.int(0), .int(-42), .int(Int64.max), .int(Int64.min), .double(1.5), .double(-0.001), .double(6.02e23)])),
        ("flags", .array([.bool(true), .bool(false), .null])),
        ("nested", .object([("empty_array", .array([])), ("empty_object", .object([])), ("z", .int(1)), ("a", .int(2))])),
    ])

    @Test func compactTextRoundTrips() throws {
        #expect(try JSONValue.parse(document.serialized()) == document)
    }

    @Test func prettyTextRoundTrips() throws {
        #expect(try JSONValue.parse(document.prettySerialized()) == document)
    }

    @Test func serialisationIsDeterministicAndKeepsKeyOrder() {
        let value: JSONValue = .object([("b", .int(1)), ("a", .array([.null, .bool(true)])), ("c", .string("x"))])
        #expect(value.serialized() == #"{"b":1,"a":[null,true],"c":"x"}"#)
        #expect(value.prettySerialized() == "{\n  \"b\": 1,\n  \"a\": [\n    null,\n    true\n  ],\n  \"c\": \"x\"\n}")
    }

    @Test func escapesWhatJSONRequiresAndTheLineSeparators() {
        #expect(JSONValue.string("\"\\\n\r\t\u{01}\u{1F}\u{2028}\u{2029}/é😀").serialized()
            == #""\"\\\n\r\t\u0001\u001f\u2028\u2029/é😀""#)
    }

    @Test func escapesEachCharacterAtEveryOffsetOfLongerText() {
        // Text is scanned eight bytes at a time: every character that needs an escape (and some that look
        // like it: other 0xE2 sequences, DEL, multibyte text) at every offset around the word boundaries.
        let cases: [(text: String, json: String)] = [
            ("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\r", #"\r"#), ("\t", #"\t"#), ("\u{00}", #"\u0000"#),
            ("\u{01}", #"\u0001"#), ("\u{1F}", #"\u001f"#), ("\u{2028}", #"\u2028"#), ("\u{2029}", #"\u2029"#),
            ("\u{2027}", "\u{2027}"), ("\u{202A}", "\u{202A}"), ("€", "€"), ("é", "é"), ("😀", "😀"), ("\u{7F}", "\u{7F}"),
            (" ", " "), ("!", "!"), ("#", "#"), ("[", "["), ("]", "]"), ("~", "~"),
        ]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 24] {
            for offset in 0...length {
                let before = String(repeating: "a", count: offset), after = String(repeating: "z", count: length - offset)
                for (text, json) in cases {
                    #expect(JSONValue.string(before + text + after).serialized() == "\"" + before + json + after + "\"")
                }
            }
        }
        #expect(JSONValue.string(String(repeating: "\"", count: 17)).serialized() == "\"" + String(repeating: #"\""#, count: 17) + "\"")
    }

    @Test func parsesEscapes() throws {
        #expect(try JSONValue.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u6771""#) == .string("\"\\/\u{08}\u{0C}\n\r\tAé東"))
    }

    @Test func parsesPlainRunsBetweenEscapes() throws {
        // Runs of plain text before, between and after escapes, multibyte text among them.
        #expect(try JSONValue.parse(#""Dear Zürich team,\n\nwe found \"bucket-7\" open\u0021 Regards\tSec""#)
            == .string("Dear Zürich team,\n\nwe found \"bucket-7\" open! Regards\tSec"))
        #expect(try JSONValue.parse(#"["\n", "a\\", "\\b", ""]"#) == .array([.string("\n"), .string("a\\"), .string("\\b"), .string("")]))
    }

    @Test func parsesEachCharacterAtEveryOffsetOfLongerText() throws {
        // Strings are scanned eight bytes at a time, with and without escapes before: each character that
        // ends a plain run (and some that look like it) at every offset around the word boundaries.
        let characters = ["\"", "\\", "\n", "\u{01}", "\u{1F}", " ", "!", "#", "[", "]", "~", "\u{7F}", "é", "€", "😀", "\u{2028}"]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 24] {
            for offset in 0...length {
                let before = String(repeating: "a", count: offset), after = String(repeating: "z", count: length - offset)
                for character in characters {
                    for prefix in ["", "\n"] {
                        let text = prefix + before + character + after
                        #expect(try JSONValue.parse(JSONValue.string(text).serialized()) == .string(text))
                        #expect(try JSONValue.parse(JSONValue.object([(text, .int(1))]).serialized()) == .object([(text, .int(1))]))
                    }
                }
                // A raw control character is refused where it is, after plain text of any length.
                for prefix in ["", #"\n"#] {
                    let json = "\"" + prefix + before + "\u{01}" + after + "\""
                    let offsetOfControl = 1 + prefix.utf8.count + offset
                    #expect(#expect(throws: JSONParseError.self) { try JSONValue.parse(json) }?.offset == offsetOfControl, "\(json)")
                }
                // An unterminated string fails at its end.
                let open = "\"" + before + after
                #expect(#expect(throws: JSONParseError.self) { try JSONValue.parse(open) }?.offset == open.utf8.count)
            }
        }
    }

    @Test func knownKeysAreTheVocabularyAndNothingElse() throws {
        for key in JSONKeys.vocabulary {
            #expect(Array(key.utf8).withUnsafeBufferPointer { JSONKeys.known($0) } == key)
        }
        let nearMisses = ["", "titl", "titles", "Title", "titlf", "tatle", "t", "ee", "notification_ie", "escalation_threshold", "webhook_secret_reff",
                          "a_key_much_longer_than_any_in_the_vocabulary"]
        for key in nearMisses {
            #expect(Array(key.utf8).withUnsafeBufferPointer { JSONKeys.known($0) } == nil, "\(key)")
        }
        #expect(Set(JSONKeys.vocabulary).count == JSONKeys.vocabulary.count)
    }

    @Test func parsesKnownAndUnknownKeysAlike() throws {
        let keys = JSONKeys.vocabulary + ["titl", "titles", "Title", "unknown", "caf\u{E9}", "a_key_much_longer_than_any_in_the_vocabulary"]
        let object = JSONValue.object(keys.enumerated().map { ($0.element, .int(Int64($0.offset))) })
        let parsed = try JSONValue.parse(object.serialized())
        #expect(parsed == object)
        guard case let .object(pairs) = parsed else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == keys)
        // A known key written with an escape is the same key.
        #expect(try JSONValue.parse(#"{"ti\u0074le": 1, "title": 2}"#) == .object([("title", .int(1))]))
        // A string value is never swapped for a key.
        #expect(try JSONValue.parse(#"{"title": "title"}"#)["title"] == .string("title"))
    }

    @Test func reportsTheOffsetOfABadEscapeOrControlCharacter() {
        #expect(#expect(throws: JSONParseError.self) { try JSONValue.parse(#""ab\ncd\x""#) }?.offset == 9)
        #expect(#expect(throws: JSONParseError.self) { try JSONValue.parse("\"ab\\ncd\u{01}\"") }?.offset == 7)
        #expect(#expect(throws: JSONParseError.self) { try JSONValue.parse(#""ab\n"#) }?.offset == 5)
    }

    @Test func parsesSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00 and \uD834\uDD1E""#) == .string("😀 and 𝄞"))
    }

    @Test func parsesRawMultibyteText() throws {
        #expect(try JSONValue.parse("\"Zürich 😀\"") == .string("Zürich 😀"))
    }

    @Test func parsesNumbers() throws {
        #expect(try JSONValue.parse("0") == .int(0))
        #expect(try JSONValue.parse("-0") == .int(0))
        #expect(try JSONValue.parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(Int64.min))
        #expect(try JSONValue.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        // Past Int64 either way, and past UInt64 while reading the digits: a double, not a wrapped integer.
        #expect(try JSONValue.parse("-9223372036854775809") == .double(-0x1p63)) // -2^63, the double nearest
        #expect(try JSONValue.parse("18446744073709551617") == .double(0x1p64)) // 2^64, the double nearest
        #expect(try JSONValue.parse("[7,-12,120]") == .array([.int(7), .int(-12), .int(120)]))
        #expect(try JSONValue.parse("1.25") == .double(1.25))
        #expect(try JSONValue.parse("-1e3") == .double(-1000))
        #expect(try JSONValue.parse("2.5E-2") == .double(0.025))
        #expect(try JSONValue.parse("1e+2") == .double(100))
    }

    @Test func serialisesNumbers() {
        #expect(JSONValue.double(2).serialized() == "2")
        #expect(JSONValue.double(0.1).serialized() == "0.1")
        #expect(JSONValue.double(.nan).serialized() == "null")
        #expect(JSONValue.double(.infinity).serialized() == "null")
        #expect(JSONValue.int(-7).serialized() == "-7")
    }

    @Test func toleratesWhitespaceAndKeepsTheFirstOfDuplicateKeys() throws {
        let value = try JSONValue.parse(" \n\t{ \"a\" : 1 , \"b\" : [ ] , \"a\" : 2 }\r\n ")
        #expect(value == .object([("a", .int(1)), ("b", .array([]))]))
        #expect(value["a"]?.intValue == 1)
    }

    @Test func objectsWithTheSameKeysInAnotherOrderDiffer() {
        #expect(JSONValue.object([("a", .int(1)), ("b", .int(2))]) != .object([("b", .int(2)), ("a", .int(1))]))
    }

    @Test(arguments: ["", " ", "{", "}", "[1,]", "[1 2]", #"{"a":1,}"#, #"{"a" 1}"#, "{a:1}", #"{"a":}"#, "01", "-", "+1", "1.", ".5",
                      "1e", "1e+", "0x10", "NaN", "Infinity", "tru", "nul", "falsey", #""unterminated"#, "\"raw\u{01}control\"",
                      "\"raw\nnewline\"", #""\x""#, #""\u12G4""#, #""\u123""#, #""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#,
                      #""\ud83dx""#, "[1] x", "'single'", "[1],[2]"])
    func refusesInvalidText(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func refusesExcessiveNesting() throws {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(String(repeating: "[", count: 300) + String(repeating: "]", count: 300)) }
        #expect(try JSONValue.parse(String(repeating: "[", count: 200) + String(repeating: "]", count: 200)) != .null)
    }

    @Test func reportsWhereTheTextWentWrong() {
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"a": tru}"#) }
        #expect(error?.offset == 6)
        #expect(error?.description.contains("byte 6") == true)
    }

    @Test func editsObjects() {
        let value: JSONValue = .object([("a", .int(1)), ("b", .int(2))])
        #expect(value.setting("a", to: .null) == .object([("a", .null), ("b", .int(2))]))
        #expect(value.setting("c", to: .bool(true)) == .object([("a", .int(1)), ("b", .int(2)), ("c", .bool(true))]))
        #expect(value.removing("a") == .object([("b", .int(2))]))
    }

    @Test func parsesUTF8BytesAsItParsesText() throws {
        for text in [document.serialized(), document.prettySerialized(), "[]", #""x""#] {
            let fromBytes = try Array(text.utf8).withUnsafeBytes { bytes in try JSONValue.parse(utf8: bytes) }
            #expect(fromBytes == (try JSONValue.parse(text)))
        }
        #expect(throws: JSONParseError.self) { try Array("{\"a\": }".utf8).withUnsafeBytes { try JSONValue.parse(utf8: $0) } }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(utf8: UnsafeRawBufferPointer(start: nil, count: 0)) }
    }
}

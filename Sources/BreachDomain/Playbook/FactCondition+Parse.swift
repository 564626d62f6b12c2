import Foundation

/// A condition that does not parse: what is wrong and at which character (0-based) of the text.
public struct FactConditionSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { message }
}

extension FactCondition {
    /// Parses `applies_when:` text (see the grammar on `FactCondition`).
    public init(parsing text: String) throws(FactConditionSyntaxError) {
        var parser = Parser(tokens: try Self.tokens(text), length: text.utf8.count)
        self = try parser.parseOr()
        if let extra = parser.peek {
            throw FactConditionSyntaxError(message: "unexpected '\(extra.text)' after a complete condition; join conditions with and / or", offset: extra.offset)
        }
    }

    struct Token: Equatable {
        enum Kind: Equatable { case word, number, text, op, open, close }
        let kind: Kind
        let text: String
        let offset: Int
    }

    static func tokens(_ text: String) throws(FactConditionSyntaxError) -> [Token] {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var i = 0
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
        }
        while i < bytes.count {
            let b = bytes[i]
            let start = i
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") { i += 1; continue }
            if b == UInt8(ascii: "(") { tokens.append(Token(kind: .open, text: "(", offset: i)); i += 1; continue }
            if b == UInt8(ascii: ")") { tokens.append(Token(kind: .close, text: ")", offset: i)); i += 1; continue }
            if b == UInt8(ascii: "\"") {
                var value: [UInt8] = []
                i += 1
                var closed = false
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count { value.append(bytes[i + 1]); i += 2; continue }
                    if bytes[i] == UInt8(ascii: "\"") { closed = true; i += 1; break }
                    value.append(bytes[i]); i += 1
                }
                guard closed else { throw FactConditionSyntaxError(message: "a quoted text is never closed; end it with \"", offset: start) }
                tokens.append(Token(kind: .text, text: String(decoding: value, as: UTF8.self), offset: start))
                continue
            }
            if "=!<>".utf8.contains(b) {
                var op = [b]
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "=") { op.append(bytes[i + 1]) }
                let spelled = String(decoding: op, as: UTF8.self)
                guard Operator(rawValue: spelled) != nil else {
                    throw FactConditionSyntaxError(message: "'\(spelled)' is not an operator; use ==, !=, >, >=, < or <=", offset: start)
                }
                tokens.append(Token(kind: .op, text: spelled, offset: start))
                i += op.count
                continue
            }
            if b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) {
                i += 1
                while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
                let spelled = String(decoding: bytes[start..<i], as: UTF8.self)
                guard Int64(spelled) != nil else {
                    throw FactConditionSyntaxError(message: "'\(spelled)' is not a whole number; write digits only, e.g. 500", offset: start)
                }
                tokens.append(Token(kind: .number, text: spelled, offset: start))
                continue
            }
            if isWordByte(b) {
                while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
                tokens.append(Token(kind: .word, text: String(decoding: bytes[start..<i], as: UTF8.self), offset: start))
                continue
            }
            throw FactConditionSyntaxError(message: "unexpected character '\(String(decoding: [b], as: UTF8.self))'; a condition is facts, ==, !=, >, >=, <, <=, numbers, true, false, \"text\", and, or and parentheses", offset: i)
        }
        return tokens
    }

    struct Parser {
        var tokens: [Token]
        let length: Int
        var position = 0

        var peek: Token? { position < tokens.count ? tokens[position] : nil }

        mutating func next() -> Token? {
            defer { position += 1 }
            return peek
        }

        mutating func parseOr() throws(FactConditionSyntaxError) -> FactCondition {
            var terms = [try parseAnd()]
            while let token = peek, token.kind == .word, token.text == "or" { position += 1; terms.append(try parseAnd()) }
            return terms.count == 1 ? terms[0] : .or(terms)
        }

        mutating func parseAnd() throws(FactConditionSyntaxError) -> FactCondition {
            var terms = [try parseTerm()]
            while let token = peek, token.kind == .word, token.text == "and" { position += 1; terms.append(try parseTerm()) }
            return terms.count == 1 ? terms[0] : .and(terms)
        }

        mutating func parseTerm() throws(FactConditionSyntaxError) -> FactCondition {
            guard let token = next() else {
                throw FactConditionSyntaxError(message: "the condition ends where a fact was expected", offset: length)
            }
            if token.kind == .open {
                let inner = try parseOr()
                guard let close = next(), close.kind == .close else {
                    throw FactConditionSyntaxError(message: "'(' is never closed; add ')'", offset: token.offset)
                }
                _ = close
                return inner
            }
            guard token.kind == .word, !["and", "or", "true", "false", "not"].contains(token.text) else {
                let hint = token.text == "not" ? "; 'not' is not part of the language, write fact == false or fact != value" : ""
                throw FactConditionSyntaxError(message: "expected a fact name, found '\(token.text)'\(hint)", offset: token.offset)
            }
            let fact = token.text
            guard let opToken = peek, opToken.kind == .op else { return .truthy(fact: fact) }
            position += 1
            let op = Operator(rawValue: opToken.text)!
            guard let value = next() else {
                throw FactConditionSyntaxError(message: "'\(opToken.text)' needs a value after it: a number, true, false or \"text\"", offset: length)
            }
            switch value.kind {
            case .number: return .comparison(fact: fact, op: op, literal: .number(Int64(value.text)!))
            case .text: return .comparison(fact: fact, op: op, literal: .text(value.text))
            case .word where value.text == "true" || value.text == "false":
                return .comparison(fact: fact, op: op, literal: .boolean(value.text == "true"))
            default:
                throw FactConditionSyntaxError(message: "'\(value.text)' is not a value; compare with a number, true, false or \"quoted text\" (a fact is never compared with a fact)", offset: value.offset)
            }
        }
    }
}

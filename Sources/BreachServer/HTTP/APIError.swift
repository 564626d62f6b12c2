import BreachDomain
import Hummingbird

/// A refusal the server answers with `{"error": {"code", "message"}}` and a 4xx (or 5xx) status.
struct APIError: Error, Sendable {
    let status: HTTPResponse.Status
    /// Stable, snake_case: what clients match on.
    let code: String
    /// What went wrong and how to fix it, for a person.
    let message: String
    var headers: HTTPFields = [:]

    static func badRequest(_ message: String, code: String = "invalid_input") -> APIError {
        APIError(status: .badRequest, code: code, message: message)
    }

    static let unauthenticated = APIError(
        status: .unauthorized, code: "unauthenticated",
        message: "send a token as `Authorization: Bearer TOKEN`; create one with `breach token create NAME --scope read|intake|write`",
        headers: [.wwwAuthenticate: "Bearer realm=\"breach\""])

    static func forbidden(_ principal: Principal, needs scope: TokenScope) -> APIError {
        APIError(status: .forbidden, code: "forbidden",
                 message: "token \(principal.tokenName) has scope \(principal.scope.rawValue); this request needs \(scope.rawValue) (or write)")
    }

    static let tooLarge = APIError(status: .contentTooLarge, code: "body_too_large",
                                   message: "the request body is over 1 MiB; send fewer alerts per request")

    static func notFound(_ path: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: "no such endpoint: \(path); see /api/v1/openapi.yaml")
    }

    /// The response for a `BreachError` from the core: the same message the CLI prints, with a status.
    init(_ error: BreachError) {
        switch error.code {
        case .invalidInput, .invalidFile: self.init(status: .badRequest, code: "invalid_input", message: error.message)
        case .notFound: self.init(status: .notFound, code: "not_found", message: error.message)
        case .refused: self.init(status: .conflict, code: "refused", message: error.message)
        case .conflict: self.init(status: .conflict, code: "conflict", message: error.message)
        case .busy: self.init(status: .serviceUnavailable, code: "busy", message: error.message,
                              headers: [.retryAfter: "1"])
        // PostgreSQL down or unreachable: the request may succeed once it is back.
        case .unavailable: self.init(status: .serviceUnavailable, code: "unavailable", message: error.message,
                                     headers: [.retryAfter: "5"])
        // The server's database role lacks a right (PostgreSQL): an operator must grant it, not the client.
        case .permission: self.init(status: .forbidden, code: "permission", message: error.message)
        case .database, .integrity, .internalError: self.init(status: .internalServerError, code: "internal", message: error.message)
        }
    }

    init(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// The JSON body: one object, the shape every error of the API has.
    var body: String {
        JSONValue.object([("error", .object([("code", .string(code)), ("message", .string(message))]))]).serialized() + "\n"
    }
}

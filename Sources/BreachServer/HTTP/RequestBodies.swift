import BreachDomain
import Hummingbird
import NIOCore

/// Reading request bodies within the 1 MiB limit.
enum RequestBodies {
    /// The whole body; 413 when it is (or declares itself) over the limit, before anything is parsed.
    static func collect(_ request: Request) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > RequestLimits.maxBodyBytes {
            throw APIError.tooLarge
        }
        do {
            return try await request.body.collect(upTo: RequestLimits.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge
        }
    }

    /// The body as one JSON object; 400 with the parser's reason when it is not one.
    static func jsonObject(_ request: Request) async throws -> JSONValue {
        let buffer = try await collect(request)
        let value: JSONValue
        do {
            value = try buffer.withUnsafeReadableBytes { bytes in try JSONValue.parse(utf8: bytes) }
        } catch {
            throw APIError.badRequest("the body is not valid JSON (\(error)); send one JSON object", code: "malformed_json")
        }
        guard case .object = value else {
            throw APIError.badRequest("the body must be a JSON object, e.g. {\"title\": \"…\", \"severity\": \"high\"}", code: "malformed_json")
        }
        return value
    }
}

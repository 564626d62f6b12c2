import BreachDomain
import Hummingbird
import NIOCore

/// The response shapes the server sends: JSON as the CLI prints it, HTML pages, CSV downloads.
enum Responses {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        // Pretty, with a final newline: byte for byte what `breach show --json` / `list --json` print.
        text(value.prettySerialized() + "\n", contentType: "application/json", status: status, headers: headers)
    }

    /// JSON already serialized into a buffer (a cached incident document): sent without a copy.
    static func json(_ body: NIOCore.ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        text(page, contentType: "text/html; charset=utf-8", status: status, headers: headers)
    }

    /// A page already rendered into a buffer (the dashboard's cached front page): sent without a copy.
    static func html(_ page: NIOCore.ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: page))
    }

    static func text(_ body: String, contentType: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A file to save (`Content-Disposition: attachment`), e.g. the SLA CSV.
    static func download(_ body: String, contentType: String, filename: String) -> Response {
        text(body, contentType: contentType, headers: [.contentDisposition: "attachment; filename=\"\(filename)\""])
    }

    static func redirect(to location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }

    static func error(_ error: APIError) -> Response {
        text(error.body, contentType: "application/json", status: error.status, headers: error.headers)
    }
}

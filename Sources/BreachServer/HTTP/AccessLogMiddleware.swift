import Foundation
import Hummingbird
import Logging

/// One structured log line per request: method, path, status, duration and the token's name.
///
/// Never the query string's secrets, headers, cookies, tokens or bodies: the path without its query, and
/// the name under which the request authenticated.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let millis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            var metadata: Logger.Metadata = [
                "http.method": "\(request.method.rawValue)",
                "http.path": "\(Self.loggablePath(request.uri.path))",
                "http.status": "\(status)",
                "duration_ms": "\(String(format: "%.2f", millis))",
            ]
            if let name = context.info.tokenName { metadata["token.name"] = "\(name)" }
            logger.info("request", metadata: metadata)
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }

    /// The path, capped and stripped of control characters so a crafted URL cannot forge log lines.
    static func loggablePath(_ path: String) -> String {
        String(path.unicodeScalars.prefix(512).filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }
}

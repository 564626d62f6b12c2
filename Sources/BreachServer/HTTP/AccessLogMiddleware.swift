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
            var metadata: Logger.Metadata = [
                "http.method": "\(request.method.rawValue)",
                "http.path": "\(Self.loggablePath(request.uri.path))",
                "http.status": "\(status)",
                "duration_ms": "\(Self.milliseconds(elapsed))",
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
        // Nearly every path is short printable ASCII: return it as it is rather than rebuilding it scalar by
        // scalar (that rebuild was a twelfth of a static request's time).
        if path.utf8.count <= 512, path.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return path }
        return String(path.unicodeScalars.prefix(512).filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }

    /// A duration in milliseconds with two decimals ("12.34"), without Foundation's format parser.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let hundredths = max(0, seconds * 100_000 + (attoseconds + 5_000_000_000_000) / 10_000_000_000_000)
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

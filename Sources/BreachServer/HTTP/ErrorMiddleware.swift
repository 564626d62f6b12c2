import BreachDomain
import Hummingbird
import Logging
import NIOCore

/// Turns every error a handler throws into a response: the JSON error shape for the API, a page for the
/// dashboard. Internal errors are logged with their detail and answered without it.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.apiError(for: error, path: request.uri.path)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)", "http.path": "\(request.uri.path)"])
            }
            if DashboardPaths.isDashboard(request.uri.path) {
                return Responses.html(ErrorPage.render(apiError), status: apiError.status, headers: apiError.headers)
            }
            return Responses.error(apiError)
        }
    }

    static func apiError(for error: any Error, path: String) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as BreachError: return APIError(error)
        case is NIOTooManyBytesError: return APIError.tooLarge
        case let error as HTTPError:
            if error.status == .notFound { return APIError.notFound(path) }
            if error.status == .methodNotAllowed {
                return APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "\(path) does not take this method; see /api/v1/openapi.yaml",
                                headers: error.headers)
            }
            return APIError(status: error.status, code: "http_\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError where error.status.code < 500:
            return APIError(status: error.status, code: "http_\(error.status.code)", message: error.status.reasonPhrase)
        default:
            return APIError(status: .internalServerError, code: "internal", message: "the server failed to answer; its log says why")
        }
    }
}

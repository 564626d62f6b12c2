import Hummingbird

/// Headers on every response: a restrictive Content-Security-Policy, no MIME sniffing, no framing, no
/// referrer, and no caching of what a token can see.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    /// Nothing but breach's own stylesheet, images and form targets; no script at all (the dashboard has
    /// none), no plugins, no framing.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

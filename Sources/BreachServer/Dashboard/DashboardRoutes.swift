import BreachDomain
import BreachKit
import Foundation
import Hummingbird
import NIOCore

/// The dashboard: server-rendered HTML, no script, every value escaped, sign-in by token into a session.
enum DashboardRoutes {
    static func register(on router: Router<ServerContext>, _ env: ServerEnvironment) {
        router.get("/static/breach.css") { _, _ in
            Responses.text(Stylesheet.css, contentType: "text/css; charset=utf-8", headers: [.cacheControl: "public, max-age=3600"])
        }
        router.get("/sign-in") { _, _ in Responses.html(SignInPage.render()) }
        router.post("/sign-in") { request, context in try await signIn(request, context, env) }
        router.post("/sign-out") { request, _ in
            if let session = ServerEnvironment.cookie(SessionStore.cookieName, in: request) { env.sessions.end(session) }
            return Responses.redirect(to: "/sign-in", headers: [.setCookie: sessionCookie("", request: request, maxAge: 0)])
        }
        router.get("/") { request, context in
            try await env.dashboardReading(request, context) { reader, principal in
                Responses.html(try env.frontPage.page(in: reader, now: env.clock.now(), signedIn: principal.tokenName))
            }
        }
        router.get("/incidents/:id") { request, context in
            let id = try IncidentID.parse(context.parameters.require("id"))
            return try await env.dashboard(request, context) { service, principal in
                let incident = try service.store.read { reader in try env.incidents.incident(id, in: reader) }
                return Responses.html(IncidentPage.render(incident, timeline: try service.timeline(id), now: service.clock.now(),
                                                          signedIn: principal.tokenName))
            }
        }
        router.get("/reports/sla") { request, context in
            let window = try APIRoutes.window(request)
            let query = slaQuery(window)
            return try await env.dashboard(request, context) { service, principal in
                Responses.html(SLAPage.render(try service.slaRows(window), window: window, query: query, signedIn: principal.tokenName))
            }
        }
        router.get("/reports/sla.csv") { request, context in
            let window = try APIRoutes.window(request)
            return try await env.dashboard(request, context) { service, _ in
                let output = StringOutput()
                try service.slaReport(window, format: .csv, to: output)
                return Responses.download(output.text, contentType: "text/csv; charset=utf-8", filename: "breach-sla.csv")
            }
        }
        router.get("/reports/sla.html") { request, context in
            let window = try APIRoutes.window(request)
            return try await env.dashboard(request, context) { service, _ in
                var response = Responses.download(try service.slaHTMLReport(window).render(), contentType: "text/html; charset=utf-8",
                                                  filename: "breach-sla.html")
                // The report is one self-contained file with its styles inline (it is meant to be mailed); still no script.
                response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
                return response
            }
        }
    }

    /// Checks the posted token and starts a session for a `read` or `write` token.
    private static func signIn(_ request: Request, _ context: ServerContext, _ env: ServerEnvironment) async throws -> Response {
        let body = try await RequestBodies.collect(request)
        let token = formValue("token", in: String(buffer: body))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let info = context.info
        guard let hash = TokenAuthenticator.hash(of: token),
              let principal = try await env.runner.run({ store in
                  try store.read { reader in try env.authenticator.principal(forHash: hash, reader: reader) }
              }) else {
            return Responses.html(SignInPage.render(error: "That token is not valid (mistyped, or revoked). Check it and try again."), status: .unauthorized)
        }
        info.tokenName = principal.tokenName
        guard principal.scope.allows(.read) else {
            return Responses.html(SignInPage.render(error: "Token \(principal.tokenName) has scope \(principal.scope.rawValue); the dashboard needs read or write."),
                                  status: .forbidden)
        }
        let session = env.sessions.start(secretHash: hash, now: Date())
        return Responses.redirect(to: "/", headers: [.setCookie: sessionCookie(session, request: request, maxAge: Int(SessionStore.lifetime))])
    }

    /// HttpOnly (no script can read it), SameSite=Strict (no other site can send it), Secure behind TLS.
    static func sessionCookie(_ value: String, request: Request, maxAge: Int) -> String {
        let secure = request.headers[.init("X-Forwarded-Proto")!] == "https"
        return "\(SessionStore.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// One field of an `application/x-www-form-urlencoded` body.
    static func formValue(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 || parts.count == 1 else { continue }
            let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            if key == name {
                return parts.count == 2 ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
            }
        }
        return nil
    }

    /// The window as a query string, so the download links fetch what the table shows.
    private static func slaQuery(_ window: ReportWindow) -> String {
        var items: [String] = []
        if let since = window.since { items.append("since=" + RFC3339.format(since)) }
        if let until = window.until { items.append("until=" + RFC3339.format(until)) }
        return items.joined(separator: "&")
    }
}

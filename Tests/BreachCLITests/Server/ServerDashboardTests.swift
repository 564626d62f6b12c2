import BreachTestSupport
import Foundation
import Testing

/// The dashboard: sign-in, pages, escaping, downloads — over HTTP with curl, and in headless Chromium.
@Suite("breach serve: dashboard")
struct ServerDashboardTests {
    /// Signs in through the form and returns the session cookie's value.
    static func signIn(_ server: ServerHarness, token: String) throws -> String {
        let reply = try server.request("POST", "/sign-in", form: "token=\(token)")
        #expect(reply.status == 303, "\(reply)")
        #expect(reply.headers["location"] == "/")
        let cookie = try #require(reply.headers["set-cookie"], "\(reply)")
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Strict"))
        #expect(cookie.contains("Path=/"))
        #expect(!cookie.contains(token), "the cookie must not carry the token")
        let pair = try #require(cookie.split(separator: ";").first)
        return String(pair.split(separator: "=", maxSplits: 1)[1])
    }

    static func page(_ server: ServerHarness, _ path: String, session: String) throws -> ServerHarness.Reply {
        try server.request("GET", path, headers: ["Cookie: breach_session=\(session)"])
    }

    @Test("sign-in: a read token gets an HttpOnly SameSite=Strict session; a bad or intake token does not")
    func signIn() throws {
        let cli = try BreachCLI()
        try cli.detect("Leaked S3 bucket")
        let reader = try ServerHarness.token(cli, "compliance", scope: "read")
        let intake = try ServerHarness.token(cli, "monitoring", scope: "intake")
        let server = try ServerHarness(cli: cli)

        let anonymous = try server.request("GET", "/")
        #expect(anonymous.status == 303)
        #expect(anonymous.headers["location"] == "/sign-in")
        let form = try server.request("GET", "/sign-in")
        #expect(form.status == 200)
        #expect(form.body.contains(#"<label for="token">"#))
        #expect(form.body.contains(#"<input id="token" name="token" type="password""#))
        #expect(!form.body.contains("<script"))

        let wrong = try server.request("POST", "/sign-in", form: "token=breach_nope")
        #expect(wrong.status == 401)
        #expect(wrong.headers["set-cookie"] == nil)
        #expect(wrong.body.contains(#"role="alert""#))
        let intakeOnly = try server.request("POST", "/sign-in", form: "token=\(intake)")
        #expect(intakeOnly.status == 403)
        #expect(intakeOnly.headers["set-cookie"] == nil)

        let session = try Self.signIn(server, token: reader)
        let home = try Self.page(server, "/", session: session)
        #expect(home.status == 200, "\(home)")
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.body.contains("INC-1"))
        #expect(home.body.contains("Leaked S3 bucket"))
        #expect(try Self.page(server, "/", session: "forged").status == 303)

        let out = try server.request("POST", "/sign-out", headers: ["Cookie: breach_session=\(session)"])
        #expect(out.status == 303)
        #expect(out.headers["set-cookie"]?.contains("Max-Age=0") == true)
        #expect(try Self.page(server, "/", session: session).status == 303)

        // Revoking the token ends its sessions.
        let second = try Self.signIn(server, token: reader)
        try cli.succeed("token", "revoke", "compliance")
        let revoked = try Self.page(server, "/", session: second)
        #expect(revoked.status == 303)
        #expect(!server.stderr.contains(reader), "a token reached the log")
        #expect(server.stop() == 0)
    }

    @Test("open incidents show the time left to the next deadline in words and colour; the incident page lists obligations and timeline")
    func deadlines() throws {
        let cli = try BreachCLI()
        let declared = try cli.detect("Customer data exposed")
        try cli.succeed("declare", declared)
        try cli.detect("Not declared yet")
        let reader = try ServerHarness.token(cli, "compliance", scope: "read")

        // 09:00, declared now: the 72 h obligation is due in 3 days.
        var server = try ServerHarness(cli: cli)
        var session = try Self.signIn(server, token: reader)
        let early = try Self.page(server, "/", session: session).body
        #expect(early.contains(#"<span class="deadline ok">due in 3d 0h</span>"#), "\(early)")
        #expect(early.contains(#"<span class="deadline none">no deadline</span>"#))
        let incident = try Self.page(server, "/incidents/\(declared)", session: session)
        #expect(incident.status == 200)
        for fragment in ["<h2>Obligations</h2>", "<h2>Notifications</h2>", "<h2>Timeline</h2>", "incident.declared", "by tester"] {
            #expect(incident.body.contains(fragment), "\(fragment) missing: \(incident.body)")
        }
        #expect(try Self.page(server, "/incidents/INC-404", session: session).status == 404)
        #expect(server.stop() == 0)

        // Four days later the same obligation is overdue: red, and says so in words.
        server = try ServerHarness(cli: cli, now: "2026-12-02T09:00:00Z")
        session = try Self.signIn(server, token: reader)
        let late = try Self.page(server, "/", session: session).body
        #expect(late.contains(#"<span class="deadline overdue">⚠ overdue by 1d 0h</span>"#), "\(late)")
        #expect(late.contains("1 overdue"))
        #expect(server.stop() == 0)
    }

    @Test("XSS payloads in titles, summaries, notes and ids are escaped on every page")
    func escaping() throws {
        let cli = try BreachCLI()
        let payload = #"<script>alert(1)</script>"#
        let attribute = #""><img src=x onerror=alert(2)>"#
        let id = try cli.detect(payload)
        try cli.succeed("note", id, attribute)
        try cli.succeed("assign", id, #"<b onmouseover=alert(3)>eve</b>"#)
        let reader = try ServerHarness.token(cli, "compliance", scope: "read")
        let intake = try ServerHarness.token(cli, "monitoring", scope: "intake")
        let server = try ServerHarness(cli: cli)
        let posted = try server.request("POST", "/api/v1/alerts", token: intake,
                                        json: #"{"title":"<svg onload=alert(4)>","severity":"low","summary":"<iframe src=javascript:alert(5)>"}"#)
        #expect(posted.status == 201)
        let session = try Self.signIn(server, token: reader)
        for path in ["/", "/incidents/INC-1", "/incidents/INC-2", "/reports/sla", "/reports/sla?since=2026-01-01"] {
            let body = try Self.page(server, path, session: session).body
            for raw in ["<script>alert", "<img src=x", "<b onmouseover", "<svg onload", "<iframe"] {
                #expect(!body.contains(raw), "\(path) contains unescaped \(raw)")
            }
            #expect(!body.contains("<script"), "\(path) has a script element")
        }
        let page = try Self.page(server, "/incidents/INC-1", session: session).body
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        // An id in the URL is parsed, never echoed raw.
        let probe = try Self.page(server, "/incidents/%3Cscript%3E", session: session)
        #expect(probe.status == 400)
        #expect(!probe.body.contains("<script>"))
        #expect(server.stop() == 0)
    }

    @Test("the SLA page downloads the same CSV as `report sla`, and the HTML report")
    func slaDownloads() throws {
        let cli = try BreachCLI()
        let id = try cli.detect("=cmd|' /C calc'!A0")
        try cli.succeed("declare", id)
        let reader = try ServerHarness.token(cli, "compliance", scope: "read")
        let server = try ServerHarness(cli: cli)
        let session = try Self.signIn(server, token: reader)
        let page = try Self.page(server, "/reports/sla?since=2026-11-01", session: session)
        #expect(page.status == 200)
        #expect(page.body.contains(#"<a href="/reports/sla.csv?since=2026-11-01T00:00:00Z" download>Download CSV</a>"#), "\(page.body)")
        #expect(page.body.contains(#"<label for="since">"#))
        let csv = try Self.page(server, "/reports/sla.csv?since=2026-11-01T00:00:00Z", session: session)
        #expect(csv.headers["content-disposition"] == #"attachment; filename="breach-sla.csv""#)
        #expect(csv.body == (try cli.run("report", "sla", "--since", "2026-11-01").stdout))
        #expect(csv.body.contains("'=cmd"), "formula neutralised as the CLI does")
        let html = try Self.page(server, "/reports/sla.html", session: session)
        #expect(html.status == 200)
        #expect(html.headers["content-disposition"] == #"attachment; filename="breach-sla.html""#)
        #expect(html.body.contains(id))
        #expect(try Self.page(server, "/reports/sla?since=tomorrow-ish", session: session).status == 400)
        #expect(server.stop() == 0)
    }

    @Test("headless Chromium renders the dashboard with the sign-in cookie (DOM checked, screenshots kept)")
    func chromium() throws {
        let cli = try BreachCLI()
        let id = try cli.detect("Leaked <S3> bucket")
        try cli.succeed("declare", id)
        let reader = try ServerHarness.token(cli, "compliance", scope: "read")
        let server = try ServerHarness(cli: cli)
        let session = try Self.signIn(server, token: reader)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let artifacts = root.appendingPathComponent(".build/artifacts/dashboard").path
        let script = root.appendingPathComponent("scripts/testservers/dashboard_browser.py").path
        for (path, name) in [("/", "incidents"), ("/incidents/\(id)", "incident"), ("/reports/sla", "sla")] {
            let output = try cli.execute(URL(fileURLWithPath: "/usr/bin/env"),
                                         ["python3", script, server.baseURL + path, "breach_session", session, artifacts, name], environment: [:])
            #expect(output.status == 0, "\(output)")
            let dom = output.stdout
            #expect(dom.contains("Signed in as token:compliance"), "\(name): not signed in: \(dom.prefix(3000))")
            #expect(dom.contains("Leaked &lt;S3&gt; bucket"), "\(name): \(dom.prefix(3000))")
            #expect(!dom.contains("Leaked <S3> bucket"))
            for suffix in ["-phone.png", "-desktop.png"] {
                let png = try Data(contentsOf: URL(fileURLWithPath: "\(artifacts)/\(name)\(suffix)"))
                #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(name)\(suffix) is not a PNG")
                #expect(png.count > 5_000, "\(name)\(suffix) looks empty")
            }
        }
        let incidents = try String(contentsOfFile: "\(artifacts)/incidents.html", encoding: .utf8)
        #expect(incidents.contains(#"class="deadline ok""#))
        #expect(incidents.contains("due in 3d 0h"))
        #expect(server.stop() == 0)
    }
}

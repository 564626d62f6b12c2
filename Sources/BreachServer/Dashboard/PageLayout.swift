import BreachKit

/// The frame of every dashboard page: one stylesheet served by breach, no script, landmarks and a skip link.
enum PageLayout {
    /// Escapes text for element content and quoted attributes: every value that came from a user, an alert
    /// or the log goes through here.
    static func e(_ text: String) -> String { HTMLText.escape(text) }

    static func render(title: String, signedIn: String?, current: String? = nil, body: String) -> String {
        var nav = ""
        if let signedIn {
            let link = { (href: String, label: String) -> String in
                "<a href=\"\(href)\"\(current == href ? " aria-current=\"page\"" : "")>\(label)</a>"
            }
            nav = """
            <nav aria-label="Main">\(link("/", "Open incidents")) \(link("/reports/sla", "SLA report"))
            <form method="post" action="/sign-out" class="sign-out"><span class="who">Signed in as token:\(e(signedIn))</span>
            <button type="submit">Sign out</button></form></nav>
            """
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title)) — breach</title>
        <link rel="stylesheet" href="/static/breach.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header><p class="brand"><a href="/">breach</a></p>\(nav)</header>
        <main id="main">
        <h1>\(e(title))</h1>
        \(body)
        </main>
        </body>
        </html>

        """
    }
}

/// `/sign-in`: one labelled field for a `read` (or `write`) token.
enum SignInPage {
    static func render(error: String? = nil) -> String {
        var body = ""
        if let error { body += "<p class=\"error\" role=\"alert\">\(PageLayout.e(error))</p>\n" }
        body += """
        <form method="post" action="/sign-in" class="sign-in">
        <p><label for="token">API token (scope read or write)</label>
        <input id="token" name="token" type="password" autocomplete="off" required spellcheck="false"></p>
        <p><button type="submit">Sign in</button></p>
        </form>
        <p>Create a token with <code>breach token create NAME --scope read</code>. Signing in sets a session cookie
        (HttpOnly, SameSite=Strict); the token itself is not stored in your browser.</p>
        """
        return PageLayout.render(title: "Sign in", signedIn: nil, body: body)
    }
}

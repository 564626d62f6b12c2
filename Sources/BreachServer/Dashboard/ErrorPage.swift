/// A dashboard error: the status, the message, and a way back.
enum ErrorPage {
    static func render(_ error: APIError) -> String {
        PageLayout.render(title: "\(error.status.code) \(error.status.reasonPhrase)", signedIn: nil,
                          body: "<p class=\"error\" role=\"alert\">\(PageLayout.e(error.message))</p>\n<p><a href=\"/\">Back to open incidents</a></p>")
    }
}

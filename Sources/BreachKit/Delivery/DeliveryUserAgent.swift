import CCurlShim

/// The `User-Agent` breach sends with webhooks: `breach/<version> libcurl/<version>`.
public enum DeliveryUserAgent {
    /// breach's transport version, bumped when the wire format changes.
    public static let breachVersion = "0.1"

    /// For example `breach/0.1 libcurl/7.88.1`.
    public static var value: String {
        "breach/\(breachVersion) libcurl/\(String(cString: breach_curl_version_number()))"
    }
}

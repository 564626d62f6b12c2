import CCurlShim

/// libcurl's process-wide initialisation, done once before the first handle.
enum CurlGlobal {
    private static let status: Int = {
        Int(curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)
    }()

    /// Initialises libcurl if needed; throws if libcurl could not start.
    static func ensure() throws(DeliveryError) {
        if status != 0 {
            throw DeliveryError(.transportSetup, "libcurl failed to initialise (curl \(status)); check the libcurl installation")
        }
    }
}

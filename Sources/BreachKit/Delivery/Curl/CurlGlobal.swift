import CCurlShim

/// libcurl's process-wide initialisation, done once before the first handle.
///
/// libcurl itself is opened here, on first use (`curl_loader.c`), not by the dynamic loader at every
/// start: commands that send nothing never map it or its thirty dependencies.
enum CurlGlobal {
    private static let status: Result<Void, DeliveryError> = {
        if let failure = breach_curl_load() {
            return .failure(DeliveryError(.transportSetup, "libcurl cannot be loaded (\(String(cString: failure))); install libcurl (libcurl4 on Debian and Ubuntu)"))
        }
        let code = Int(breach_curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)
        if code != 0 {
            return .failure(DeliveryError(.transportSetup, "libcurl failed to initialise (curl \(code)); check the libcurl installation"))
        }
        return .success(())
    }()

    /// Loads and initialises libcurl if needed; throws if libcurl could not start.
    static func ensure() throws(DeliveryError) {
        try status.get()
    }
}

import Hummingbird
import Logging

/// The request context of `breach serve`: Hummingbird's core storage plus what the access log reports.
struct ServerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Shared by reference, so the access log (outermost) sees who the handlers authenticated.
    let info = RequestInfo()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies decoded by Hummingbird stop at the same 1 MiB as the ones breach reads itself.
    var maxUploadSize: Int { RequestLimits.maxBodyBytes }
}

/// What the handlers learnt about a request that the access log records.
final class RequestInfo: @unchecked Sendable {
    /// The token name (never its secret) that the request authenticated as.
    var tokenName: String?
}

/// Sizes the server refuses beyond.
enum RequestLimits {
    /// Request bodies over 1 MiB get 413: an alert or an Alertmanager batch is a few KiB.
    static let maxBodyBytes = 1 << 20
}

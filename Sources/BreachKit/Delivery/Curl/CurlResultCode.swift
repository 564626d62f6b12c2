/// libcurl result codes the delivery classification cares about (CURLE_*).
enum CurlResultCode {
    static let ok = 0
    static let unsupportedProtocol = 1
    static let urlMalformat = 3
    static let couldntResolveHost = 6
    static let couldntConnect = 7
    static let weirdServerReply = 8
    static let operationTimedOut = 28
    static let sslConnectError = 35
    static let gotNothing = 52
    static let sendError = 55
    static let recvError = 56
    static let sslCertProblem = 58
    static let peerFailedVerification = 60
    static let useSSLFailed = 64
    static let loginDenied = 67
    static let sslCACertBadFile = 77

    /// Permanent failures of TLS set-up that need a person (a CA bundle, a certificate).
    static func isTLSVerification(_ code: Int) -> Bool {
        code == peerFailedVerification || code == sslCACertBadFile || code == sslCertProblem
    }
}

import BreachTestSupport

// The delivery tests' names for the helpers shared with the CLI tests (Tests/BreachTestSupport).
typealias TestDirectory = TemporaryDirectory
typealias TestServer = BreachTestSupport.TestServer
typealias TestCertificate = BreachTestSupport.TestCertificate
typealias SystemTrustedCertificate = BreachTestSupport.SystemTrustedCertificate

import Foundation

/// Runs a command to completion; throws with its stderr when it fails.
@discardableResult
public func runCommand(_ arguments: [String], in directory: URL? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw TestSupportError("\(arguments.joined(separator: " ")) failed: \(String(decoding: err, as: UTF8.self))")
    }
    return String(decoding: out, as: UTF8.self)
}

/// A test helper that could not do its job (a server that did not start, a command that failed).
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A certificate for 127.0.0.1 and localhost (or the names in `subjectAltName`), made with the openssl CLI:
/// self-signed, or issued by a test certificate authority.
public struct TestCertificate: Sendable {
    public let certPath: String
    public let keyPath: String

    /// Makes the certificate as `name`.pem / `name`-key.pem; `subject` gives it a distinguished name of
    /// its own (the default is shared by every test certificate, so their OpenSSL hashes collide).
    /// With `issuer` it is signed by that authority (and is not one itself); clients then trust the
    /// authority's certificate, not this one.
    public init(in directory: TemporaryDirectory, name: String = "cert", subject: String = "/CN=127.0.0.1",
                subjectAltName: String = "IP:127.0.0.1,DNS:localhost", issuer: TestCertificate? = nil) throws {
        certPath = directory.path(name == "cert" ? "cert.pem" : "\(name).pem")
        keyPath = directory.path(name == "cert" ? "key.pem" : "\(name)-key.pem")
        let signing = issuer.map { ["-CA", $0.certPath, "-CAkey", $0.keyPath, "-addext", "basicConstraints=critical,CA:FALSE"] } ?? []
        try runCommand([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", certPath, "-days", "2", "-subj", subject,
            "-addext", "subjectAltName=\(subjectAltName)",
        ] + signing)
    }

    /// A test certificate authority named `subject`, made in `directory` as `name`.pem: it signs only,
    /// its certificate is what clients put in their root store (e.g. libpq's `sslrootcert`).
    public static func authority(in directory: TemporaryDirectory, name: String = "ca", subject: String) throws -> TestCertificate {
        let authority = TestCertificate(certPath: directory.path("\(name).pem"), keyPath: directory.path("\(name)-key.pem"))
        try runCommand([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", authority.keyPath, "-out", authority.certPath, "-days", "2", "-subj", subject,
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        return authority
    }

    private init(certPath: String, keyPath: String) {
        self.certPath = certPath
        self.keyPath = keyPath
    }
}

/// A certificate placed in the system's certificate directory under its OpenSSL subject hash, the way
/// `c_rehash` names them, so that libcurl's default CAPATH trusts it until `remove()`.
public struct SystemTrustedCertificate: Sendable {
    public let path: String

    public init(installing certificatePath: String, directory: String = "/etc/ssl/certs") throws {
        let hash = try runCommand(["openssl", "x509", "-hash", "-noout", "-in", certificatePath])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let free = (0..<10).map({ "\(directory)/\(hash).\($0)" }).first(where: { !FileManager.default.fileExists(atPath: $0) }) else {
            throw TestSupportError("\(directory) has no free name for subject hash \(hash)")
        }
        try FileManager.default.copyItem(atPath: certificatePath, toPath: free)
        path = free
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

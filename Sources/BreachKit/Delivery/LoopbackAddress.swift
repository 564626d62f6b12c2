/// The one rule for "this host is loopback", used wherever plain text is allowed only to this machine
/// (http:// webhooks, SMTP AUTH over plain smtp://), by the validators and by the senders alike.
///
/// Only literal addresses in their canonical form count: `127.0.0.0/8` as four decimal octets without
/// leading zeros, and `::1` (optionally bracketed). Names — `localhost`, `localhost.`, anything that
/// goes through a resolver — never count, and neither do the forms resolvers read differently
/// (`127.0.0.08`, `127.1`, `0x7f.0.0.1`, `2130706433`, `127.0.0.1.`): what is checked is exactly what
/// libcurl connects to, without DNS.
public enum LoopbackAddress {
    /// True only for a literal, canonical loopback address.
    public static func isLiteral(_ rawHost: String) -> Bool {
        var host = Substring(rawHost)
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        for octet in octets {
            guard (1...3).contains(octet.utf8.count), octet.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  octet == "0" || octet.first != "0", let value = Int(octet), value <= 255 else { return false }
        }
        return octets[0] == "127"
    }
}

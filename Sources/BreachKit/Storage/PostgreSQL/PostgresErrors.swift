import BreachDomain
import Foundation

/// libpq and server failures as breach errors with their documented exit statuses: the server down or
/// unreachable (69, naming host and port), a login or a right refused (77, naming the role and the
/// right), a concurrent change (75), anything else about the database (73).
enum PostgresErrors {
    /// A connection that could not be made.
    static func connecting(_ error: PGError, location: String) -> BreachError {
        let server = "\(error.host ?? "localhost"):\(error.port ?? "5432")"
        let text = error.message
        let lower = text.lowercased()
        if lower.contains("password authentication failed") || lower.contains("no pg_hba.conf entry")
            || lower.contains("role \"") && lower.contains("does not exist") || lower.contains("password is required")
            || lower.contains("peer authentication failed") || lower.contains("certificate authentication failed") {
            return BreachError(.permission, "PostgreSQL at \(server) refused the login: \(text); check the user and password (PGPASSWORD, ~/.pgpass) or ask a DBA for a login", cause: error)
        }
        if lower.contains("ssl") && (lower.contains("not support") || lower.contains("required") || lower.contains("unavailable")) {
            return BreachError(.unavailable, "TLS was required but PostgreSQL at \(server) does not offer it: \(text); nothing was sent — enable ssl on the server or change sslmode", cause: error)
        }
        if lower.contains("certificate verify failed") || lower.contains("does not match host name")
            || lower.contains("root certificate file") {
            return BreachError(.unavailable, "PostgreSQL at \(server) could not be verified over TLS: \(text); nothing was sent — check that sslrootcert holds the CA that issued the server's certificate and that the host in --db / $BREACH_DB is a name or address in that certificate", cause: error)
        }
        if lower.contains("database \"") && lower.contains("does not exist") {
            return BreachError(.database, "\(text) at \(server); create it first (createdb), then run `breach init --db \(location)`", cause: error)
        }
        return BreachError(.unavailable, "cannot reach PostgreSQL at \(server): \(text); check that the server is running and the host and port in --db / $BREACH_DB (\(location))", cause: error)
    }

    /// A failure of a statement on an open connection.
    static func breachError(_ error: PGError, login: String?, location: String) -> BreachError {
        let server = "\(error.host ?? "?"):\(error.port ?? "?")"
        if error.isConnectionFailure {
            return BreachError(.unavailable, "lost the connection to PostgreSQL at \(server): \(error.message); the server rolled the command back — nothing was half-written, re-run it", cause: error)
        }
        switch error.sqlState ?? "" {
        case "42501":
            let role = login ?? "this login"
            return BreachError(.permission, "role \(role) lacks the right \(right(in: error)): \(error.message); an admin can grant a breach role, e.g. GRANT breach_responder TO \(role) — nothing was written", cause: error)
        case "23505", "40001", "40P01":
            return BreachError(.conflict, "another breach changed the same data at the same time (\(error.message)); re-run the command", cause: error)
        case "55P03", "57014":
            return BreachError(.busy, "PostgreSQL was busy (\(error.message)); re-run the command", cause: error)
        case "25006":
            return BreachError(.database, "\(location) is read-only (a standby?): \(error.message); point --db at the primary, e.g. with target_session_attrs=read-write", cause: error)
        default:
            return BreachError(.database, "PostgreSQL error at \(server): \(error)", cause: error)
        }
    }

    /// The right a permission failure names: the statement's verb and its table ("INSERT on events").
    private static func right(in error: PGError) -> String {
        let verb = error.verb ?? "access"
        if let range = error.message.range(of: "permission denied for table ") {
            let table = error.message[range.upperBound...].prefix { !$0.isWhitespace && $0 != ";" }
            return "\(verb) on \(table)"
        }
        return verb == "access" ? "to do this" : "\(verb) on events"
    }
}

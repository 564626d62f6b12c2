import CPostgresShim
import Foundation

/// The one typed wrapper over libpq: a synchronous connection, text parameters passed with their lengths
/// (binary-safe, never NUL-terminated guesses), statements prepared once per connection, and failures
/// as `PGError` carrying the server's SQLSTATE.
///
/// Nothing else in breach calls libpq. Connection settings are libpq's own (`PG*` variables, `PGSERVICE`,
/// `.pgpass`, `sslmode`, several hosts with `target_session_attrs`), because the connection string is
/// handed to `PQconnectdb` unchanged.
final class PGConnection {
    private let handle: OpaquePointer
    /// Statement names by SQL text: a statement is prepared on its second use, when it is repeated.
    private var statementNames: [String: String] = [:]
    /// Statements run once so far, unprepared: a short command (`check`, `list`) runs most of its
    /// statements once, and preparing one costs a round trip of its own before it runs.
    private var seenOnce: Set<String> = []
    /// Called before every statement sent on this connection: a unit of work's appends held back to be
    /// sent as one multi-row INSERT (`PostgresUnitOfWork.flush`) go first, so no statement — a read, a
    /// read model's write, `COMMIT` — is ever run without them.
    var beforeStatement: (() throws -> Void)?

    /// Round trips to the server so far (statements, preparations, cursor fetches), for tests.
    private(set) var roundTrips = 0

    /// Connects with a libpq connection string or URI. Fails with the server's or libpq's message.
    init(_ conninfo: String) throws {
        // libpq is opened here, on the first connection, not at every start (CPostgresShim).
        if let failure = breach_pq_load() {
            throw PGError(sqlState: nil, message: "libpq cannot be loaded (\(String(cString: failure))); install libpq (libpq5 on Debian and Ubuntu)",
                          host: nil, port: nil, isConnectionFailure: true, verb: nil)
        }
        guard let handle = breach_PQconnectdb(conninfo) else {
            throw PGError(sqlState: nil, message: "out of memory starting a PostgreSQL connection", host: nil, port: nil, isConnectionFailure: true, verb: nil)
        }
        self.handle = handle
        // The server's notices and warnings (e.g. a ROLLBACK after a failed COMMIT) must not reach stderr:
        // breach prints exactly one line per failure.
        breach_PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard breach_PQstatus(handle) == CONNECTION_OK else {
            let error = PGError(sqlState: nil, message: Self.message(breach_PQerrorMessage(handle)), host: Self.text(breach_PQhost(handle)),
                                port: Self.text(breach_PQport(handle)), isConnectionFailure: true, verb: nil)
            // `deinit` closes the failed connection: a class whose initialiser throws after setting every
            // property is deinitialised.
            throw error
        }
    }

    deinit { breach_PQfinish(handle) }

    /// The server's host (or socket folder) and port of this connection, for messages.
    var host: String { Self.text(breach_PQhost(handle)) ?? "?" }
    var port: String { Self.text(breach_PQport(handle)) ?? "?" }
    /// Whether the connection is encrypted (TLS).
    var usesTLS: Bool { breach_PQsslInUse(handle) != 0 }

    /// Runs `sql` with `parameters` ($1, $2, … as text, nil for NULL) and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws -> PGResult {
        try startStatement()
        return try run(sql, parameters)
    }

    /// Runs `sql`, prepared once per connection from its second use on: the statements a command repeats
    /// (appends, look-ups) are parsed and planned once, and one run once costs one round trip, not two.
    @discardableResult
    func prepared(_ sql: String, _ parameters: [String?] = []) throws -> PGResult {
        try startStatement()
        if let name = statementNames[sql] { return try run(prepared: name, sql, parameters) }
        if seenOnce.insert(sql).inserted { return try run(sql, parameters) }
        let name = "breach_\(statementNames.count + 1)"
        roundTrips += 1
        try check(breach_PQprepare(handle, name, sql, 0, nil), sql)
        statementNames[sql] = name
        seenOnce.remove(sql)
        return try run(prepared: name, sql, parameters)
    }

    /// Runs one or more statements without parameters (schema scripts, `BEGIN`, `COMMIT`).
    func execute(_ sql: String) throws {
        try startStatement()
        try check(breach_PQexec(handle, sql), sql)
    }

    /// What comes before every statement sent on this connection: the result of a batch fetched ahead is
    /// read (libpq runs one statement at a time), the unit of work's held-back appends go out, and the
    /// round trip is counted.
    private func startStatement() throws {
        settleAhead()
        try beforeStatement?()
        roundTrips += 1
    }

    /// Sends `sql` with its parameters and waits for its rows.
    private func run(_ sql: String, _ parameters: [String?]) throws -> PGResult {
        let result = withParameters(parameters) { count, values, lengths, formats in
            breach_PQexecParams(handle, sql, count, nil, values, lengths, formats, 0)
        }
        return try check(result, sql)
    }

    /// Runs the statement prepared as `name` (the text of `sql`) with its parameters.
    private func run(prepared name: String, _ sql: String, _ parameters: [String?]) throws -> PGResult {
        let result = withParameters(parameters) { count, values, lengths, formats in
            breach_PQexecPrepared(handle, name, count, values, lengths, formats, 0)
        }
        return try check(result, sql)
    }

    /// Calls `body` for every row of `sql`, fetched through a cursor `batch` rows at a time, so a long
    /// result never sits in memory whole (two batches at most). Must run inside a transaction.
    ///
    /// The next batch is asked for before `body` sees the current one: the server produces it while the
    /// client works through this one, on the machine's other core, instead of each waiting for the other.
    func forEachRow(_ sql: String, _ parameters: [String?] = [], batch: Int = 2_000, _ body: (PGResult, Int) throws -> Void) throws {
        let cursor = "breach_cursor_\(cursorCount)"
        cursorCount += 1
        try query("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)", parameters)
        let fetch = "FETCH FORWARD \(batch) FROM \(cursor)"
        try send(fetch)
        while true {
            let rows = try receive(fetch)
            let more = rows.count == batch
            if more { try send(fetch) }
            do {
                for row in 0..<rows.count { try body(rows, row) }
            } catch {
                // The batch asked for ahead must be read before the connection takes another statement.
                if more { _ = try? receive(fetch) }
                throw error
            }
            if !more { break }
        }
        try query("CLOSE \(cursor)")
    }

    /// A statement sent ahead (`send`) and not received yet, and the result of one received early
    /// because another statement needed the connection meanwhile (a body that writes while it reads).
    private var inFlight: String?
    private var received: Result<PGResult, any Error>?

    /// Sends a statement without parameters and returns at once; `receive` waits for its result.
    private func send(_ sql: String) throws {
        try startStatement()
        guard breach_PQsendQuery(handle, sql) == 1 else {
            throw PGError(sqlState: nil, message: Self.message(breach_PQerrorMessage(handle)), host: host, port: port,
                          isConnectionFailure: breach_PQstatus(handle) != CONNECTION_OK, verb: Self.verb(sql))
        }
        inFlight = sql
    }

    /// The result of the statement `send` sent.
    private func receive(_ sql: String) throws -> PGResult {
        if let early = received {
            received = nil
            return try early.get()
        }
        inFlight = nil
        return try receiveNow(sql)
    }

    /// Reads the result of a statement sent ahead before another one uses the connection (libpq runs one
    /// at a time), keeping it for `receive`.
    private func settleAhead() {
        guard let sql = inFlight else { return }
        inFlight = nil
        received = Result { try receiveNow(sql) }
    }

    /// The result of the statement in flight, once it is complete (libpq's results are read to the end,
    /// so the connection is free for the next statement).
    private func receiveNow(_ sql: String) throws -> PGResult {
        var first: OpaquePointer?
        while let next = breach_PQgetResult(handle) {
            if first == nil { first = next } else { breach_PQclear(next) }
        }
        return try check(first, sql)
    }

    private var cursorCount = 0

    /// Whether the last statement left the connection inside a transaction (idle, in error, …) or the
    /// connection itself was lost.
    var isBroken: Bool { breach_PQstatus(handle) != CONNECTION_OK }

    private func withParameters(_ parameters: [String?],
                                _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> OpaquePointer?) -> OpaquePointer? {
        if parameters.isEmpty { return body(0, nil, nil, nil) }
        // Every value is copied into one buffer, each followed by a NUL, and sent with its length: text
        // parameters are taken by length, so a value's bytes are passed as they are.
        var bytes: [CChar] = []
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        for parameter in parameters {
            guard let parameter else { offsets.append(nil); lengths.append(0); continue }
            offsets.append(bytes.count)
            let utf8 = parameter.utf8
            lengths.append(Int32(utf8.count))
            bytes.append(contentsOf: utf8.map { CChar(bitPattern: $0) })
            bytes.append(0)
        }
        let formats = [Int32](repeating: 0, count: parameters.count)
        return bytes.withUnsafeBufferPointer { buffer in
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in offset.map { buffer.baseAddress! + $0 } }
            return values.withUnsafeBufferPointer { values in
                lengths.withUnsafeBufferPointer { lengths in
                    formats.withUnsafeBufferPointer { formats in
                        body(Int32(parameters.count), values.baseAddress, lengths.baseAddress, formats.baseAddress)
                    }
                }
            }
        }
    }

    @discardableResult
    private func check(_ result: OpaquePointer?, _ sql: String) throws -> PGResult {
        guard let result else {
            throw PGError(sqlState: nil, message: Self.message(breach_PQerrorMessage(handle)), host: host, port: port,
                          isConnectionFailure: breach_PQstatus(handle) != CONNECTION_OK, verb: Self.verb(sql))
        }
        switch breach_PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PGResult(result)
        default:
            let sqlState = Self.text(breach_PQresultErrorField(result, Int32(UInt8(ascii: "C"))))
            // The primary message, and the hint when there is one: not the CONTEXT lines of a trigger.
            let primary = breach_PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let hint = breach_PQresultErrorField(result, Int32(UInt8(ascii: "H"))).map { String(cString: $0) }
            let message = primary.map { $0 + (hint.map { " (\($0))" } ?? "") } ?? Self.message(breach_PQresultErrorMessage(result))
            breach_PQclear(result)
            throw PGError(sqlState: sqlState, message: message, host: host, port: port,
                          isConnectionFailure: breach_PQstatus(handle) != CONNECTION_OK || (sqlState ?? "").hasPrefix("08")
                              || ["57P01", "57P02", "57P03"].contains(sqlState ?? ""), verb: Self.verb(sql))
        }
    }

    /// The statement's kind (`INSERT`, `UPDATE`, …), for naming the right a refusal is about.
    private static func verb(_ sql: String) -> String? {
        let words = sql.split(whereSeparator: { $0.isWhitespace || $0 == ";" }).map { $0.uppercased() }
        return words.first { ["INSERT", "UPDATE", "DELETE", "SELECT", "TRUNCATE", "CREATE"].contains($0) }
    }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        let value = String(cString: pointer)
        return value.isEmpty ? nil : value
    }

    /// libpq's message on one line: messages end in a newline and may carry DETAIL/HINT lines.
    private static func message(_ pointer: UnsafePointer<CChar>?) -> String {
        let text = pointer.map { String(cString: $0) } ?? "unknown error"
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ")
            .replacingOccurrences(of: "ERROR:  ", with: "").replacingOccurrences(of: "FATAL:  ", with: "")
    }
}

/// A query's rows, as text (NULL as nil). Owns the libpq result and frees it.
final class PGResult {
    private let result: OpaquePointer
    let count: Int
    let columns: Int

    init(_ result: OpaquePointer) {
        self.result = result
        count = Int(breach_PQntuples(result))
        columns = Int(breach_PQnfields(result))
    }

    deinit { breach_PQclear(result) }

    /// The value at (`row`, `column`), nil when NULL.
    func text(_ row: Int, _ column: Int) -> String? {
        if breach_PQgetisnull(result, Int32(row), Int32(column)) != 0 { return nil }
        guard let value = breach_PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        let length = Int(breach_PQgetlength(result, Int32(row), Int32(column)))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// The value at (`row`, `column`) as text, "" when NULL: for NOT NULL columns.
    func string(_ row: Int, _ column: Int) -> String { text(row, column) ?? "" }

    /// The value at (`row`, `column`) as an integer, nil when NULL (or not an integer). Read from the
    /// bytes libpq holds, without making a string first: reports read several per row, 100 k rows.
    func int(_ row: Int, _ column: Int) -> Int? {
        if breach_PQgetisnull(result, Int32(row), Int32(column)) != 0 { return nil }
        guard var pointer = breach_PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        var length = Int(breach_PQgetlength(result, Int32(row), Int32(column)))
        let negative = length > 0 && pointer.pointee == CChar(UInt8(ascii: "-"))
        if negative { pointer += 1; length -= 1 }
        guard length > 0, length <= 18 else { return text(row, column).flatMap { Int($0) } }
        var value = 0
        for offset in 0..<length {
            let digit = Int(UInt8(bitPattern: pointer[offset])) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return negative ? -value : value
    }

    /// The value at (`row`, `column`) as a floating-point number, nil when NULL.
    func double(_ row: Int, _ column: Int) -> Double? { text(row, column).flatMap { Double($0) } }

    /// The first column of every row.
    var firstColumn: [String?] { (0..<count).map { text($0, 0) } }
}

/// A failure reported by libpq or the server.
struct PGError: Error, CustomStringConvertible {
    /// The five-character SQLSTATE (e.g. `42501` insufficient privilege), nil for client-side failures.
    let sqlState: String?
    let message: String
    let host: String?
    let port: String?
    /// The connection could not be made or was lost: the server is down, unreachable or restarted.
    let isConnectionFailure: Bool
    /// The kind of statement that failed (`INSERT`, …), when one did.
    let verb: String?

    var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }
}

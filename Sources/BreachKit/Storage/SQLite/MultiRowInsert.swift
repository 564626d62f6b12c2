import GRDB

/// Inserts rows into one table many at a time: one multi-row `INSERT … VALUES (…), (…), …` per
/// `rowsPerInsert` rows, the rest at `finish()` in statements of 16, 8, 4, 2 and 1 rows (at most five).
///
/// For bulk loads (a rebuild writes every read-model row again): SQLite's work per statement — starting
/// the program, opening cursors, halting, resetting — is a third or more of a small row's insert, and
/// here it is paid once for many rows. Rows are held until their statement runs, so call `finish()`
/// before the transaction ends; inside the caller's transaction only. A row is any value `bindRow`
/// binds as one value per column, in order: typed fields, or `[DatabaseValue]`.
///
/// A refused row rolls back the caller's whole transaction (`INSERT OR ROLLBACK`), and its error is
/// thrown. A plain INSERT of many rows that could fail halfway makes SQLite copy every page it touches
/// into a statement journal first, to undo just that statement: for a rebuild, a copy of the read
/// models written page by page to a temporary file (a million writes), to undo what is all undone anyway.
///
/// Inside a unit of work that decides itself what a failure undoes (an append's projection), rows are
/// inserted with `.abortsStatement`: a refused row undoes only its statement (a plain INSERT; 32 rows
/// journal a few pages in memory) and its error is thrown. `upsert:` (an `ON CONFLICT … DO UPDATE` clause)
/// updates a row whose key exists in place.
struct MultiRowInsert<Row> {
    /// What a refused row undoes.
    enum Refusal {
        /// The caller's whole transaction (`INSERT OR ROLLBACK`): for bulk loads, all or nothing anyway.
        case rollsBackTransaction
        /// Only its own statement (a plain `INSERT`).
        case abortsStatement
    }

    /// Rows per statement: enough to make the per-statement work negligible, few enough that the widest
    /// read-model row (17 columns) stays far below SQLite's limit on bound parameters.
    static var rowsPerInsert: Int { 32 }

    private var batch: BoundStatement
    private let bindRow: (Row, inout BoundStatement) -> Void
    private var pending: [Row] = []
    private let db: Database
    private let prefix: String
    private let row: String
    private let suffix: String

    init(table: String, columns: [String], refusal: Refusal = .rollsBackTransaction, upsert conflictClause: String? = nil,
         in db: Database, bindRow: @escaping (Row, inout BoundStatement) -> Void) throws {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let verb = refusal == .rollsBackTransaction ? "INSERT OR ROLLBACK" : "INSERT"
        let prefix = "\(verb) INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        let suffix = conflictClause.map { " " + $0 } ?? ""
        self.db = db
        self.prefix = prefix
        self.row = row
        self.suffix = suffix
        batch = try BoundStatement(sql: prefix + Array(repeating: row, count: Self.rowsPerInsert).joined(separator: ", ") + suffix, in: db)
        self.bindRow = bindRow
        pending.reserveCapacity(Self.rowsPerInsert)
    }

    /// Adds `row`; runs the multi-row statement when it is full.
    mutating func insert(_ row: Row) throws {
        pending.append(row)
        guard pending.count == Self.rowsPerInsert else { return }
        for row in pending { bindRow(row, &batch) }
        try batch.run()
        pending.removeAll(keepingCapacity: true)
    }

    /// Inserts the rows still held in halving statements (`StatementShapes`), so that a unit of work writing
    /// a few dozen rows (a recorded chunk's) does not pay a statement for each of the last 31.
    mutating func finish() throws {
        for run in StatementShapes.runs(of: pending.count, largest: Self.rowsPerInsert / 2) {
            var statement = try BoundStatement(sql: prefix + Array(repeating: row, count: run.count).joined(separator: ", ") + suffix, in: db)
            for row in pending[run] { bindRow(row, &statement) }
            try statement.run()
        }
        pending.removeAll(keepingCapacity: true)
    }
}

extension MultiRowInsert where Row == [DatabaseValue] {
    /// Rows given as their values, one per column (the shape of `IncidentProjection`'s rows).
    init(table: String, columns: [String], refusal: Refusal = .rollsBackTransaction, upsert conflictClause: String? = nil,
         in db: Database) throws {
        try self.init(table: table, columns: columns, refusal: refusal, upsert: conflictClause, in: db) { row, statement in
            precondition(row.count == columns.count, "MultiRowInsert: \(row.count) values for \(columns.count) columns of \(table)")
            for value in row { statement.bind(value) }
        }
    }
}

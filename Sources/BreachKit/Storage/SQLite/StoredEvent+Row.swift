import BreachDomain
import Foundation
import GRDB

extension StoredEvent {
    /// The columns `init(row:)` reads, in order: select exactly these (or `*`, the table's own order).
    static let columns = "sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, actor, prev_hash, hash"

    /// Reads a row selected as `columns`. By position: looking columns up by name was a tenth of a rebuild.
    init(row: Row) {
        self.init(sequence: row[0], stream: row[1], version: row[2], type: row[3], schemaVersion: row[4], payload: row[5],
                  effectiveAt: row[6], recordedAt: row[7], actor: row[8], previousHash: row[9], hash: row[10])
    }
}
